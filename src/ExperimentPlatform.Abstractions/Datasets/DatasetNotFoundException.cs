namespace ExperimentPlatform.Datasets;

[GenerateSerializer, Alias("ep.DatasetNotFoundException")]
public sealed class DatasetNotFoundException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.NotFound;

    public DatasetNotFoundException(string message) : base(message) { }
    public DatasetNotFoundException() { }
    public DatasetNotFoundException(string message, Exception inner) : base(message, inner) { }
}
