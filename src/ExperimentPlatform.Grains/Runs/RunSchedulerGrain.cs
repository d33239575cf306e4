using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// Priority-then-FIFO queue over the workers' slots. Admission writes the slot book first and tells runs second;
/// it never awaits a run grain's non-interleaving method (runs call the scheduler, and waiting on them could
/// deadlock). Its timer is the watchdog: attempts on silos declared dead are handed back to their runs, and slots
/// whose release was lost are reclaimed by asking the runs.
/// </summary>
public sealed class RunSchedulerGrain(
    [PersistentState("scheduler", StorageNames.GrainState)] IPersistentState<SchedulerState> state,
    WorkerDirectory workers,
    TimeProvider clock,
    ILogger<RunSchedulerGrain> logger) : Grain, IRunSchedulerGrain
{
    public static readonly TimeSpan WatchPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReconcilePeriod = TimeSpan.FromSeconds(10);
    private DateTimeOffset _lastReconcile = DateTimeOffset.MinValue;

    // Stopping workers: in memory, since a silo that stops is gone from membership soon after.
    private readonly HashSet<string> _draining = new(StringComparer.Ordinal);

    private SchedulerState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(WatchAsync, WatchPeriod, WatchPeriod);
        return Task.CompletedTask;
    }

    public async Task EnqueueAsync(QueueEntry entry)
    {
        S.Queue.RemoveAll(q => q.RunId == entry.RunId);
        S.Queue.Add(entry);
        await state.WriteStateAsync();
        await AdmitAsync();
    }

    public async Task ReleaseAsync(string runId, int attempt)
    {
        var changed = S.Queue.RemoveAll(q => q.RunId == runId) > 0;
        if (S.Running.TryGetValue(runId, out var held) && held.Attempt <= attempt)
            changed |= S.Running.Remove(runId);
        if (!changed)
            return;
        await state.WriteStateAsync();
        await AdmitAsync();
    }

    public Task DrainAsync(string silo)
    {
        _draining.Add(silo);
        return Task.CompletedTask;
    }

    public Task<SchedulerView> GetViewAsync()
    {
        var active = Workers();
        var used = UsedSlots();
        var queue = Ordered().Select((q, i) => new QueuedRun(q.RunId, i + 1, q.Priority, WhyWaiting(q, i + 1, active))).ToList();
        var views = active.Select(w => new WorkerView(w.Address, w.Accelerator, w.Slots, used.GetValueOrDefault(w.Address))).ToList();
        return Task.FromResult(new SchedulerView(queue, views, new Dictionary<string, RunAssignment>(S.Running)));
    }

    public Task TickAsync() => Task.CompletedTask; // the call itself keeps the grain (and its timer) active

    private async Task WatchAsync()
    {
        try
        {
            foreach (var (runId, held) in S.Running.Where(r => workers.IsGone(r.Value.Silo)).ToList())
            {
                S.Running.Remove(runId);
                await state.WriteStateAsync();
                logger.LogWarning("Worker {Silo} left the cluster while running {Run} (attempt {Attempt}); handing the run back", held.Silo, runId, held.Attempt);
                Tell(runId, run => run.AttemptLostAsync(held.Attempt, $"worker {held.Silo} left the cluster"));
            }
            if (clock.GetUtcNow() - _lastReconcile > ReconcilePeriod)
            {
                _lastReconcile = clock.GetUtcNow();
                await ReconcileAsync();
            }
            await AdmitAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The scheduler's watch failed; retrying in {Period}", WatchPeriod);
        }
    }

    /// <summary>Drops queue entries and slots that the runs themselves no longer claim (a lost release).</summary>
    private async Task ReconcileAsync()
    {
        var changed = false;
        foreach (var (runId, held) in S.Running.ToList())
        {
            var run = await TryGetRunAsync(runId);
            if (run is not null && (run.Attempt > held.Attempt || run.Attempt == held.Attempt && !run.Status.HoldsSlot()))
                changed |= S.Running.Remove(runId);
        }
        foreach (var entry in S.Queue.ToList())
        {
            var run = await TryGetRunAsync(entry.RunId);
            if (run is not null && run.Status != RunStatus.Queued)
                changed |= S.Queue.Remove(entry);
        }
        if (changed)
            await state.WriteStateAsync();
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
        if (S.Queue.Count == 0)
            return;
        var active = Workers();
        var used = UsedSlots();
        var admitted = new List<(string RunId, RunAssignment Assignment)>();
        foreach (var entry in Ordered().ToList())
        {
            var worker = active
                .Where(w => entry.Resources.Fits(w.Accelerator) && w.Slots - used.GetValueOrDefault(w.Address) >= entry.Resources.Slots)
                .OrderByDescending(w => w.Slots - used.GetValueOrDefault(w.Address))
                .ThenBy(w => w.Address, StringComparer.Ordinal)
                .FirstOrDefault();
            if (worker is null)
                continue;
            var assignment = new RunAssignment
            {
                Attempt = entry.NextAttempt, Silo = worker.Address, Slots = entry.Resources.Slots, Accelerator = worker.Accelerator,
                ResumeStep = entry.ResumeStep,
            };
            used[worker.Address] = used.GetValueOrDefault(worker.Address) + entry.Resources.Slots;
            S.Queue.Remove(entry);
            S.Running[entry.RunId] = assignment;
            admitted.Add((entry.RunId, assignment));
        }
        if (admitted.Count == 0)
            return;
        await state.WriteStateAsync();
        foreach (var (runId, assignment) in admitted)
        {
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

    private IEnumerable<QueueEntry> Ordered() => S.Queue.OrderByDescending(q => q.Priority).ThenBy(q => q.QueuedAt).ThenBy(q => q.RunId, StringComparer.Ordinal);

    private Dictionary<string, int> UsedSlots() =>
        S.Running.Values.GroupBy(a => a.Silo).ToDictionary(g => g.Key, g => g.Sum(a => a.Slots), StringComparer.Ordinal);

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
