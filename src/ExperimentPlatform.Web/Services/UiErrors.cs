using ExperimentPlatform.Inference;

namespace ExperimentPlatform.Web.Services;

/// <summary>Turns what a client call threw into what a page says (the platform's refusals by their <see cref="ProblemKind"/>); never a stack trace.</summary>
public static class UiErrors
{
    public static UiError Describe(Exception e) => e switch
    {
        TimeoutException => new("The platform did not answer in time", $"{e.Message}. It may be busy or restarting; try again.", UiErrorKind.Timeout),
        SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException
            or Orleans.Runtime.OrleansException when IsConnection(e) =>
            new("The cluster is unreachable", "No silo took the call: the platform is stopped, starting or restarting. This page tries again when you ask.", UiErrorKind.Unreachable),
        PlatformException { Kind: ProblemKind.Forbidden } => new("Not allowed", e.Message, UiErrorKind.Forbidden),
        PlatformException { Kind: ProblemKind.NotFound } => new("Not found", e.Message, UiErrorKind.NotFound),
        PlatformException { Kind: ProblemKind.Input or ProblemKind.TooLarge } => new("Refused", e.Message, UiErrorKind.Invalid),
        PlatformException { Kind: ProblemKind.Conflict } => new("Not possible now", e.Message, UiErrorKind.Conflict),
        InferenceException => new("Inference failed", e.Message, UiErrorKind.Failed),
        PlatformException { Kind: ProblemKind.Unavailable } => new("Not possible now", e.Message, UiErrorKind.Failed),
        OperationCanceledException => new("Cancelled", "The request was cancelled.", UiErrorKind.Failed),
        _ => new("Something went wrong", $"{e.GetType().Name}: {e.Message}", UiErrorKind.Failed),
    };

    private static bool IsConnection(Exception e) =>
        e is SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException
        || e.Message.Contains("gateway", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase);
}
