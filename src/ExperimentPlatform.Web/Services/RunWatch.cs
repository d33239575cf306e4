using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>
/// One run's events from now on, for the page that shows it: long-polls the run's log through the client from its
/// head, hands the page what arrived at most every <see cref="Throttle"/>, tries again with a growing pause while the
/// cluster does not answer, and stops when the run ends or the page goes away.
/// </summary>
public sealed class RunWatch(RunsClient runs, CircuitPresence presence, ILogger<RunWatch> logger) : IAsyncDisposable
{
    public static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>
    /// Starts after <paramref name="afterSeq"/> (the head the page read its curves at). <paramref name="onEvents"/> gets
    /// each batch; <paramref name="onState"/> gets a problem while the watch cannot read (null once it reads again).
    /// </summary>
    public void Start(string runId, long afterSeq, Func<IReadOnlyList<RunEvent>, bool, Task> onEvents, Func<UiError?, Task> onState)
    {
        _loop = WatchAsync(runId, afterSeq, onEvents, onState, _stop.Token);
    }

    private async Task WatchAsync(string runId, long after, Func<IReadOnlyList<RunEvent>, bool, Task> onEvents, Func<UiError?, Task> onState, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        var failing = false;
        var lastHanded = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            RunEventPage page;
            try
            {
                await presence.WaitConnectedAsync(cancellationToken); // resumes from its cursor when the browser is back
                page = await runs.ReadEventsAsync(runId, after, 2000, RunsClient.WatchWait, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Watching run {Run} failed; trying again in {Pause}", runId, pause);
                failing = true;
                await onState(UiErrors.Describe(e));
                await Task.Delay(pause, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
                continue;
            }
            if (failing)
            {
                failing = false;
                pause = TimeSpan.FromSeconds(1);
                await onState(null);
            }
            after = page.LastSeq;
            if (page.Events.Count > 0 || page.Ended)
            {
                // At most one hand-over per throttle period: wait out the rest of it, then take what arrived meanwhile too.
                var wait = Throttle - (DateTimeOffset.UtcNow - lastHanded);
                var events = page.Events.ToList();
                var ended = page.Ended;
                if (wait > TimeSpan.Zero && !ended)
                {
                    await Task.Delay(wait, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                    if (cancellationToken.IsCancellationRequested)
                        return;
                    try
                    {
                        var more = await runs.ReadEventsAsync(runId, after, 2000, TimeSpan.Zero, cancellationToken);
                        events.AddRange(more.Events);
                        after = more.LastSeq;
                        ended = more.Ended;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogDebug(e, "Reading run {Run}'s events after the throttle failed; they come with the next read", runId);
                    }
                }
                lastHanded = DateTimeOffset.UtcNow;
                await onEvents(events, ended);
                if (ended)
                    return;
            }
        }
    }

    /// <summary>
    /// Stops the watch. Waits a moment for the loop to notice, not for ever: when a circuit is disposed (a tab closed, the
    /// server stopping), the loop may be inside the page's callback, which waits on the circuit's dispatcher or the page's
    /// JavaScript, neither of which answers any more. Waiting for it held the circuit's disposal, and a stopping server's
    /// graceful shutdown, past its timeout (measured in the browser tests). Whatever the loop does after this is dropped.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(StopWait);
        }
        catch (TimeoutException)
        {
            _ = _loop.ContinueWith(t => logger.LogDebug(t.Exception, "A run watch ended after its page went away"), TaskScheduler.Default);
            return; // the loop still holds the token source; it ends at its next step, and the source with it
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "A run watch ended with an error");
        }
        _stop.Dispose();
    }

    /// <summary>How long stopping waits for the loop to end.</summary>
    public static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);
}
