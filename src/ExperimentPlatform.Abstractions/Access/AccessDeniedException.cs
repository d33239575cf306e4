namespace ExperimentPlatform.Access;

/// <summary>The actor may not do this (HTTP 403): the message says who, what, and who may.</summary>
[GenerateSerializer, Alias("ep.AccessDeniedException")]
public sealed class AccessDeniedException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.Forbidden;

    public AccessDeniedException(string message) : base(message) { }
    public AccessDeniedException() { }
    public AccessDeniedException(string message, Exception inner) : base(message, inner) { }
}
