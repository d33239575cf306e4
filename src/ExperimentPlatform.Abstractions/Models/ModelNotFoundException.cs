namespace ExperimentPlatform.Models;

[GenerateSerializer, Alias("ep.ModelNotFoundException")]
public sealed class ModelNotFoundException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.NotFound;

    public ModelNotFoundException(string message) : base(message) { }
    public ModelNotFoundException() { }
    public ModelNotFoundException(string message, Exception inner) : base(message, inner) { }
}
