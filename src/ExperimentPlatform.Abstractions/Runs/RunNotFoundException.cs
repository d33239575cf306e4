namespace ExperimentPlatform.Runs;

[GenerateSerializer, Alias("ep.RunNotFoundException")]
public sealed class RunNotFoundException : Exception
{
    public RunNotFoundException(string message) : base(message) { }
    public RunNotFoundException() { }
    public RunNotFoundException(string message, Exception inner) : base(message, inner) { }
}
