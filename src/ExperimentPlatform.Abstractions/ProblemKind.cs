namespace ExperimentPlatform;

/// <summary>What kind of refusal a <see cref="PlatformException"/> is; HTTP, <c>ep</c> and the UI show each kind one way.</summary>
public enum ProblemKind
{
    /// <summary>Bad input: a field, file or line says where (HTTP 400).</summary>
    Input,

    /// <summary>An unknown name (404).</summary>
    NotFound,

    /// <summary>A clash with what exists, or a state the operation does not apply to (409).</summary>
    Conflict,

    /// <summary>The caller's roles do not allow it (403).</summary>
    Forbidden,

    /// <summary>The platform could not do it now: no worker, a worker's process failed (503).</summary>
    Unavailable,

    /// <summary>More than a configured limit (413).</summary>
    TooLarge,
}
