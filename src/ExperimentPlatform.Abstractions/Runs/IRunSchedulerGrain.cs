using Orleans.Concurrency;

namespace ExperimentPlatform.Runs;

/// <summary>
/// The queue (priority, then launch order) and the slot book of every worker. Admits a queued run only onto a
/// worker with free slots of the right accelerator; never calls a run grain and waits for it (runs call the
/// scheduler), so the two cannot deadlock. Its timer is also the watchdog: attempts on silos that left the
/// cluster are handed back to their runs.
/// </summary>
[Alias("ep.IRunSchedulerGrain")]
public interface IRunSchedulerGrain : IGrainWithStringKey
{
    public const string Key = "default";

    [Alias("Enqueue")]
    Task EnqueueAsync(QueueEntry entry);

    /// <summary>Removes a run from the queue or frees the slots its attempt holds (idempotent).</summary>
    [Alias("Release")]
    Task ReleaseAsync(string runId, int attempt);

    /// <summary>A worker is stopping: admit nothing more onto it (it hands its runs back).</summary>
    [Alias("Drain")]
    Task DrainAsync(string silo);

    /// <summary>Workers, assignments and the queue from position <paramref name="skip"/> + 1, at most <paramref name="take"/> entries (1..<see cref="SchedulerView.MaxQueuePage"/>).</summary>
    [Alias("QueuePage"), AlwaysInterleave]
    Task<SchedulerView> GetViewAsync(int skip = 0, int take = SchedulerView.DefaultQueuePage);

    /// <summary>Why the run waits (its queue position and what it needs), or that it was admitted.</summary>
    [Alias("Waiting"), AlwaysInterleave]
    Task<string> GetWaitingAsync(string runId);

    /// <summary>The workers admission may use, with their used slots.</summary>
    [Alias("Workers"), AlwaysInterleave]
    Task<IReadOnlyList<WorkerView>> GetWorkersAsync();

    /// <summary>Every silo calls this every few seconds: keeps the scheduler (and its watchdog) active somewhere.</summary>
    [Alias("Tick"), OneWay]
    Task TickAsync();
}
