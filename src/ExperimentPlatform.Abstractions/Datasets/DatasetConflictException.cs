namespace ExperimentPlatform.Datasets;

/// <summary>The request is well formed but clashes with what exists: a duplicate version, a version in use.</summary>
[GenerateSerializer, Alias("ep.DatasetConflictException")]
public sealed class DatasetConflictException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.Conflict;

    public DatasetConflictException(string message) : base(message) { }
    public DatasetConflictException() { }
    public DatasetConflictException(string message, Exception inner) : base(message, inner) { }
}
