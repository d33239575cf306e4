namespace ExperimentPlatform.Web.Services;

/// <summary>What went wrong, in the words a page shows: a title, the platform's own message, and what kind of trouble it is.</summary>
public sealed record UiError(string Title, string Detail, UiErrorKind Kind)
{
    public bool Retryable => Kind is UiErrorKind.Unreachable or UiErrorKind.Timeout;
}
