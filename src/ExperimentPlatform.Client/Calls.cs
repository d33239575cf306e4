namespace ExperimentPlatform.Client;

/// <summary>A call with the client's timeout and the caller's cancellation, retried when a gateway just went away.</summary>
internal static class Calls
{
    private const int Tries = 4;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    public static async Task<T> WithTimeout<T>(Task<T> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the platform did not answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    public static async Task WithTimeout(Task call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await call.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the platform did not answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// A call retried while the client's gateway is unreachable (its silo died; the client moves to another gateway).
    /// These failures mean the message was never delivered, so a retry cannot act twice.
    /// </summary>
    public static async Task<T> Send<T>(Func<Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WithTimeout(call(), timeout, cancellationToken);
            }
            catch (Exception e) when (attempt < Tries && e is OrleansMessageRejectionException or SiloUnavailableException or Orleans.Runtime.Messaging.ConnectionFailedException)
            {
                await Task.Delay(RetryDelay * attempt, cancellationToken);
            }
        }
    }
}
