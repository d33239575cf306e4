namespace ExperimentPlatform.Runs;

[GenerateSerializer, Alias("ep.RunNotFoundException")]
public sealed class RunNotFoundException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.NotFound;

    public RunNotFoundException(string message) : base(message) { }
    public RunNotFoundException() { }
    public RunNotFoundException(string message, Exception inner) : base(message, inner) { }
}
