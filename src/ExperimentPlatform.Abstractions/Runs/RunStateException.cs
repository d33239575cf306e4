namespace ExperimentPlatform.Runs;

/// <summary>The operation does not apply to the run's current status (e.g. resuming a completed run).</summary>
[GenerateSerializer, Alias("ep.RunStateException")]
public sealed class RunStateException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.Conflict;

    public RunStateException(string message) : base(message) { }
    public RunStateException() { }
    public RunStateException(string message, Exception inner) : base(message, inner) { }
}
