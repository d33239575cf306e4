using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>
/// The circuit's view of active runs (queued, starting, running): one list call every <see cref="Period"/> while a page
/// subscribes, shared by every page of the circuit, so a grid of many running rows costs one call, not one watch a row.
/// </summary>
public sealed class LiveRuns(RunsClient runs, CircuitPresence presence, ILogger<LiveRuns> logger) : IAsyncDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>Active runs read per refresh (the newest first); more are shown by their pages' own reads.</summary>
    public const int MaxRuns = 500;

    private static readonly RunQuery Active = new() { Statuses = [RunStatus.Queued, RunStatus.Starting, RunStatus.Running], PageSize = MaxRuns };

    private readonly List<Func<LiveRunsUpdate, Task>> _subscribers = [];
    private CancellationTokenSource? _loop;

    public LiveRunsUpdate? Latest { get; private set; }

    /// <summary>Calls <paramref name="onUpdate"/> after every refresh until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<LiveRunsUpdate, Task> onUpdate)
    {
        lock (_subscribers)
        {
            _subscribers.Add(onUpdate);
            if (_loop is null)
            {
                _loop = new CancellationTokenSource();
                _ = RefreshLoopAsync(_loop.Token);
            }
        }
        return new Subscription(this, onUpdate);
    }

    private void Unsubscribe(Func<LiveRunsUpdate, Task> onUpdate)
    {
        lock (_subscribers)
        {
            _subscribers.Remove(onUpdate);
            if (_subscribers.Count == 0 && _loop is not null)
            {
                _loop.Cancel();
                _loop.Dispose();
                _loop = null;
            }
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            LiveRunsUpdate update;
            try
            {
                await presence.WaitConnectedAsync(cancellationToken); // nobody to show it to while the browser is away
                var page = await runs.ListAsync(Active, cancellationToken);
                update = new LiveRunsUpdate(page.Runs.ToDictionary(r => r.Id), page.Total, null, DateTimeOffset.UtcNow);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Refreshing the active runs failed");
                update = (Latest ?? LiveRunsUpdate.Empty) with { Error = UiErrors.Describe(e) };
            }
            Latest = update;
            Func<LiveRunsUpdate, Task>[] subscribers;
            lock (_subscribers)
                subscribers = [.. _subscribers];
            foreach (var subscriber in subscribers)
            {
                try
                {
                    await subscriber(update);
                }
                catch (Exception e)
                {
                    logger.LogDebug(e, "A page failed to take the active runs");
                }
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    public ValueTask DisposeAsync()
    {
        lock (_subscribers)
        {
            _subscribers.Clear();
            _loop?.Cancel();
            _loop?.Dispose();
            _loop = null;
        }
        return ValueTask.CompletedTask;
    }

    private sealed class Subscription(LiveRuns owner, Func<LiveRunsUpdate, Task> onUpdate) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(onUpdate);
    }
}
