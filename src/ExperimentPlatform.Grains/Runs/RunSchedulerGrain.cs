using Azure.Data.Tables;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// Priority-then-FIFO queue over the workers' slots, kept as rows (<see cref="SchedulerStore"/>): every decision is
/// stored first and applied to memory second, and admission books the slot before it tells the run. It never awaits
/// a run grain's non-interleaving method (runs call the scheduler, and waiting on them could deadlock). Its timer is
/// the watchdog: attempts on silos declared dead are handed back to their runs, and slots and queue entries whose
/// release was lost are reclaimed by asking the runs.
/// </summary>
public sealed class RunSchedulerGrain(
    SchedulerStore store,
    WorkerDirectory workers,
    TimeProvider clock,
    Telemetry.PlatformMetrics metrics,
    ILogger<RunSchedulerGrain> logger) : Grain, IRunSchedulerGrain
{
    public static readonly TimeSpan WatchPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReconcilePeriod = TimeSpan.FromSeconds(10);

    /// <summary>Queue entries checked against their runs per reconciliation (round robin), so a long queue costs the same.</summary>
    private const int QueueChecksPerReconcile = 100;

    private DateTimeOffset _lastReconcile = DateTimeOffset.MinValue;
    private int _queueCheckFrom;
    private SchedulerQueue _queue = new([]);
    private Dictionary<string, RunAssignment> _running = new(StringComparer.Ordinal);

    // Stopping workers: in memory, since a silo that stops is gone from membership soon after.
    private readonly HashSet<string> _draining = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        this.RegisterGrainTimer(WatchAsync, WatchPeriod, WatchPeriod);
    }

    public async Task EnqueueAsync(QueueEntry entry)
    {
        await StoreAsync([[SchedulerStore.Queue(entry)]]);
        _queue.Set(entry);
        await AdmitAsync();
    }

    public async Task ReleaseAsync(string runId, int attempt)
    {
        var queued = _queue.Contains(runId);
        var freed = _running.TryGetValue(runId, out var held) && held.Attempt <= attempt;
        if (!queued && !freed)
            return;
        await StoreAsync([[.. queued ? [SchedulerStore.Unqueue(runId)] : Array.Empty<TableTransactionAction>(), .. freed ? [SchedulerStore.Free(runId)] : Array.Empty<TableTransactionAction>()]]);
        _queue.Remove(runId);
        if (freed)
            _running.Remove(runId);
        await AdmitAsync();
    }

    public Task DrainAsync(string silo)
    {
        _draining.Add(silo);
        return Task.CompletedTask;
    }

    public Task<SchedulerView> GetViewAsync(int skip = 0, int take = SchedulerView.DefaultQueuePage)
    {
        RunSpecRules.Require(skip >= 0, "skip", $"must be 0 or more, got {skip}");
        RunSpecRules.Require(take is > 0 and <= SchedulerView.MaxQueuePage, "take", $"must lie in 1..{SchedulerView.MaxQueuePage}, got {take}");
        var active = Workers();
        // Why a run waits is worded for the page only: a long queue costs what the page costs.
        var queue = _queue.Ordered.Skip(skip).Take(take).Select((q, i) => new QueuedRun(q.RunId, skip + i + 1, q.Priority, WhyWaiting(q, skip + i + 1, active))).ToList();
        return Task.FromResult(new SchedulerView(queue, WorkerViews(active), new Dictionary<string, RunAssignment>(_running), _queue.Count, skip));
    }

    public Task<string> GetWaitingAsync(string runId)
    {
        if (_queue.TryGet(runId, out var entry))
            return Task.FromResult(WhyWaiting(entry, _queue.PositionOf(runId), Workers()));
        return Task.FromResult(_running.TryGetValue(runId, out var admitted) ? $"admitted to {admitted.Silo}, starting" : "waiting to be queued");
    }

    public Task<IReadOnlyList<WorkerView>> GetWorkersAsync() => Task.FromResult<IReadOnlyList<WorkerView>>(WorkerViews(Workers()));

    public Task TickAsync() => Task.CompletedTask; // the call itself keeps the grain (and its timer) active

    private async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var (queue, running) = await store.LoadAsync(cancellationToken);
        _queue = new SchedulerQueue(queue);
        _running = running;
    }

    /// <summary>Stores decisions; when that fails, memory is reloaded from the rows (some transactions may have committed) and the error rethrown.</summary>
    private async Task StoreAsync(IEnumerable<IReadOnlyList<TableTransactionAction>> decisions)
    {
        try
        {
            await store.SubmitAsync(decisions);
        }
        catch
        {
            try
            {
                await LoadAsync();
            }
            catch (Exception reload)
            {
                logger.LogWarning(reload, "Reloading the scheduler's rows after a failed write failed too");
            }
            throw;
        }
    }

    private async Task WatchAsync()
    {
        try
        {
            var lost = _running.Where(r => workers.IsGone(r.Value.Silo)).ToList();
            if (lost.Count > 0)
            {
                await StoreAsync(lost.Select(r => (IReadOnlyList<TableTransactionAction>)[SchedulerStore.Free(r.Key)]));
                foreach (var (runId, held) in lost)
                {
                    _running.Remove(runId);
                    logger.LogWarning("Worker {Silo} left the cluster while running {Run} (attempt {Attempt}); handing the run back", held.Silo, runId, held.Attempt);
                    Tell(runId, run => run.AttemptLostAsync(held.Attempt, $"worker {held.Silo} left the cluster"));
                }
            }
            if (clock.GetUtcNow() - _lastReconcile > ReconcilePeriod)
            {
                _lastReconcile = clock.GetUtcNow();
                await ReconcileAsync();
            }
            await AdmitAsync();
            var active = Workers();
            metrics.PublishScheduler(_queue.Count, _running.Values.Sum(a => a.Slots), active.Sum(w => w.Slots));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The scheduler's watch failed; retrying in {Period}", WatchPeriod);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.ClearScheduler();
        return Task.CompletedTask;
    }

    /// <summary>Drops slots and queue entries that the runs themselves no longer claim (a lost release).</summary>
    private async Task ReconcileAsync()
    {
        var freed = new List<string>();
        foreach (var (runId, held) in _running.ToList())
        {
            var run = await TryGetRunAsync(runId);
            if (run is not null && (run.Attempt > held.Attempt || run.Attempt == held.Attempt && !run.Status.HoldsSlot()))
                freed.Add(runId);
        }
        var window = _queue.Ordered.Skip(_queueCheckFrom).Take(QueueChecksPerReconcile).ToList();
        _queueCheckFrom = window.Count < QueueChecksPerReconcile ? 0 : _queueCheckFrom + window.Count;
        var unqueued = new List<string>();
        foreach (var entry in window)
        {
            var run = await TryGetRunAsync(entry.RunId);
            if (run is not null && run.Status != RunStatus.Queued)
                unqueued.Add(entry.RunId);
        }
        // Decisions made meanwhile (this method awaited runs) may have changed the rows: act only on what still holds.
        freed.RemoveAll(id => !_running.ContainsKey(id));
        unqueued.RemoveAll(id => !_queue.Contains(id));
        if (freed.Count + unqueued.Count == 0)
            return;
        await StoreAsync([.. freed.Select(id => (IReadOnlyList<TableTransactionAction>)[SchedulerStore.Free(id)]),
            .. unqueued.Select(id => (IReadOnlyList<TableTransactionAction>)[SchedulerStore.Unqueue(id)])]);
        foreach (var id in freed)
            _running.Remove(id);
        foreach (var id in unqueued)
            _queue.Remove(id);
    }

    /// <summary>GetAsync interleaves, so awaiting it cannot deadlock; null while the run does not exist (yet).</summary>
    private async Task<RunDetails?> TryGetRunAsync(string runId)
    {
        try
        {
            return await GrainFactory.GetGrain<IRunGrain>(runId).GetAsync();
        }
        catch (RunNotFoundException)
        {
            return null;
        }
    }

    private async Task AdmitAsync()
    {
        if (_queue.Count == 0)
            return;
        var active = Workers();
        var used = UsedSlots();
        int Free(Worker w) => w.Slots - used.GetValueOrDefault(w.Address);
        var admitted = new List<(string RunId, RunAssignment Assignment)>();
        // Capacity only shrinks during this pass: a request that found no worker finds none later in it either.
        var unplaceable = new HashSet<ResourceRequest>();
        foreach (var entry in _queue.Ordered)
        {
            if (!active.Any(w => Free(w) > 0))
                break;
            if (unplaceable.Contains(entry.Resources))
                continue;
            var worker = active
                .Where(w => entry.Resources.Fits(w.Accelerator) && Free(w) >= entry.Resources.Slots)
                .OrderByDescending(Free)
                .ThenBy(w => w.Address, StringComparer.Ordinal)
                .FirstOrDefault();
            if (worker is null)
            {
                unplaceable.Add(entry.Resources);
                continue;
            }
            var assignment = new RunAssignment
            {
                Attempt = entry.NextAttempt, Silo = worker.Address, Slots = entry.Resources.Slots, Accelerator = worker.Accelerator,
                ResumeStep = entry.ResumeStep, CodeVersion = worker.CodeVersion,
            };
            used[worker.Address] = used.GetValueOrDefault(worker.Address) + entry.Resources.Slots;
            admitted.Add((entry.RunId, assignment));
        }
        if (admitted.Count == 0)
            return;
        await StoreAsync(admitted.Select(a => (IReadOnlyList<TableTransactionAction>)[SchedulerStore.Unqueue(a.RunId), SchedulerStore.Book(a.RunId, a.Assignment)]));
        foreach (var (runId, assignment) in admitted)
        {
            _queue.Remove(runId);
            _running[runId] = assignment;
            logger.LogInformation("Run {Run} attempt {Attempt} admitted on {Silo} ({Slots} slot(s))", runId, assignment.Attempt, assignment.Silo, assignment.Slots);
            Tell(runId, run => run.StartAttemptAsync(assignment));
        }
    }

    /// <summary>Calls a run without waiting for it inside this turn; a failure is logged and left to reconciliation.</summary>
    private void Tell(string runId, Func<IRunGrain, Task> call)
    {
        var run = GrainFactory.GetGrain<IRunGrain>(runId);
        _ = call(run).ContinueWith(
            t => logger.LogWarning(t.Exception, "Telling run {Run} failed", runId),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private List<Worker> Workers()
    {
        var active = workers.Active();
        _draining.IntersectWith(active.Select(w => w.Address));
        return [.. active.Where(w => !_draining.Contains(w.Address))];
    }

    private List<WorkerView> WorkerViews(List<Worker> active)
    {
        var used = UsedSlots();
        return [.. active.Select(w => new WorkerView(w.Address, w.Accelerator, w.Slots, used.GetValueOrDefault(w.Address), w.MemoryBytes))];
    }

    private Dictionary<string, int> UsedSlots() =>
        _running.Values.GroupBy(a => a.Silo).ToDictionary(g => g.Key, g => g.Sum(a => a.Slots), StringComparer.Ordinal);

    private static string WhyWaiting(QueueEntry entry, int position, IReadOnlyList<Worker> active)
    {
        var accelerator = entry.Resources.Accelerator;
        var fitting = active.Where(w => entry.Resources.Fits(w.Accelerator)).ToList();
        if (fitting.Count == 0)
            return accelerator == "any" ? "waiting for a worker (none in the cluster)" : $"waiting for a {accelerator} worker (none in the cluster)";
        var largest = fitting.Max(w => w.Slots);
        if (largest < entry.Resources.Slots)
            return $"needs {entry.Resources.Slots} slots; the largest {(accelerator == "any" ? "" : accelerator + " ")}worker has {largest}";
        return $"position {position} in the queue: waiting for {entry.Resources.Slots} free {(accelerator == "any" ? "" : accelerator + " ")}slot(s)";
    }
}
