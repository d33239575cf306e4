namespace ExperimentPlatform.Client;

/// <summary>A call with the client's timeout and the caller's cancellation.</summary>
internal static class Calls
{
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
}
