using Orleans.Concurrency;

namespace ExperimentPlatform.Runs;

/// <summary>
/// One run's durable state and lifecycle. Keyed by the run id. Users launch, pause, resume and cancel; the
/// scheduler starts attempts; the executor on the worker reports. Every report carries its attempt number, and
/// reports of a superseded attempt are refused (<see cref="RunStateException"/>).
/// </summary>
[Alias("ep.IRunGrain")]
public interface IRunGrain : IGrainWithStringKey
{
    /// <summary>Validates the spec against the cluster, records the run as Queued and queues it. Throws <see cref="RunSpecException"/>; then nothing exists.</summary>
    [Alias("Launch")]
    Task<RunDetails> LaunchAsync(RunSpec spec, string actor);

    [Alias("Get"), AlwaysInterleave]
    Task<RunDetails> GetAsync();

    /// <summary>Checkpoints and releases the slot (a queued run just leaves the queue).</summary>
    [Alias("Pause")]
    Task<RunDetails> PauseAsync(string actor, string reason);

    /// <summary>Queues a paused run again; it continues from its latest checkpoint.</summary>
    [Alias("Resume")]
    Task<RunDetails> ResumeAsync(string actor, string reason);

    /// <summary>Stops at the next step boundary and keeps what exists.</summary>
    [Alias("Cancel")]
    Task<RunDetails> CancelAsync(string actor, string reason);

    /// <summary>Another run starts from this run's checkpoint at <paramref name="step"/>; retention keeps it while referenced.</summary>
    [Alias("ReferenceCheckpoint")]
    Task ReferenceCheckpointAsync(int step, string referrer);

    /// <summary>The referrer no longer needs the checkpoint (a run that started from it ended); retention may drop it.</summary>
    [Alias("ReleaseCheckpoint")]
    Task ReleaseCheckpointAsync(int step, string referrer);

    /// <summary>
    /// Deletes checkpoint blobs no record points at (an upload whose record was never written: the attempt died in
    /// between). Runs by itself when an attempt ends; returns how many blobs it deleted.
    /// </summary>
    [Alias("SweepCheckpoints")]
    Task<int> SweepCheckpointsAsync();

    /// <summary>The scheduler gives the run a slot: a new attempt starts on that worker.</summary>
    [Alias("StartAttempt")]
    Task StartAttemptAsync(RunAssignment assignment);

    /// <summary>The executor relays its process's events (steps, evaluations, samples, logs).</summary>
    [Alias("Report")]
    Task ReportAsync(int attempt, IReadOnlyList<RunEvent> events);

    /// <summary>A checkpoint of this attempt is in Blob storage.</summary>
    [Alias("RecordCheckpoint")]
    Task RecordCheckpointAsync(int attempt, CheckpointRecord checkpoint);

    /// <summary>The attempt's process ended: completed, paused, cancelled or failed.</summary>
    [Alias("EndAttempt")]
    Task EndAttemptAsync(int attempt, AttemptOutcome outcome);

    /// <summary>The worker of this attempt left the cluster (dead, hung or stopping): queue the run again.</summary>
    [Alias("AttemptLost")]
    Task AttemptLostAsync(int attempt, string reason);
}
