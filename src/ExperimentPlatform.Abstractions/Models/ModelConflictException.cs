namespace ExperimentPlatform.Models;

/// <summary>The request clashes with the registry's state (a model that already exists, a task that does not match).</summary>
[GenerateSerializer, Alias("ep.ModelConflictException")]
public sealed class ModelConflictException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.Conflict;

    public ModelConflictException(string message) : base(message) { }
    public ModelConflictException() { }
    public ModelConflictException(string message, Exception inner) : base(message, inner) { }
}
