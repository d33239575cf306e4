namespace ExperimentPlatform;

/// <summary>
/// The one base of the platform's refusals: <see cref="Exception.Message"/> says what, <see cref="Field"/>,
/// <see cref="File"/> and <see cref="Line"/> where (a spec or request field; a dataset source's file and line),
/// <see cref="Problem"/> why, and <see cref="Kind"/> how callers are told. Mapped once each: HTTP problem details
/// (PlatformExceptionHandler), <c>ep</c> (one line, exit 2), the UI (a snackbar or the field's message).
/// </summary>
[GenerateSerializer, Alias("ep.PlatformException")]
public abstract class PlatformException : Exception
{
    protected PlatformException() { }

    protected PlatformException(string message) : base(message) { }

    protected PlatformException(string message, Exception inner) : base(message, inner) { }

    public abstract ProblemKind Kind { get; }

    /// <summary>The field of the request or spec that is wrong, when one is.</summary>
    public virtual string? Field => null;

    /// <summary>The file of a dataset source, when known.</summary>
    public virtual string? File => null;

    /// <summary>The 1-based line (or record) of that file, when known.</summary>
    public virtual long? Line => null;

    /// <summary>What is wrong, without the where.</summary>
    public virtual string Problem => Message;
}
