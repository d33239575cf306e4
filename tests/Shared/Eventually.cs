using System.Diagnostics;

namespace ExperimentPlatform.Testing;

/// <summary>
/// The one way tests wait: poll a condition until it holds or a deadline passes, and then fail naming what was
/// awaited and what was last seen. Never a fixed sleep, never a loop without a deadline. Linked into every test project.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until <paramref name="condition"/> is true; <paramref name="what"/> names it in the failure.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        await WaitForAsync(condition, holds => holds, what, timeout);

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="done"/> accepts what it returned, and returns that. The
    /// failure names <paramref name="what"/> and shows the last value read.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        T last;
        while (true)
        {
            last = await probe();
            if (last is not null && done(last))
                return last;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"waited {limit.TotalSeconds:0.#} s for {what}; last seen: {Describe(last)}");
            await Task.Delay(Poll);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "nothing",
        System.Text.Json.JsonElement json => json.GetRawText() is { Length: > 400 } text ? text[..400] + "…" : json.GetRawText(),
        _ => value.ToString() ?? "",
    };
}
