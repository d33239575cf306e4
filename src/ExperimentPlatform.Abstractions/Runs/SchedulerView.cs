namespace ExperimentPlatform.Runs;

/// <summary>
/// The scheduler's workers and assignments, and one page of its queue (in the order runs will start, with why each
/// waits): <see cref="Queue"/> holds positions <see cref="QueueFrom"/> + 1 onwards of <see cref="QueueLength"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.SchedulerView")]
public sealed record SchedulerView(
    [property: Id(0)] IReadOnlyList<QueuedRun> Queue,
    [property: Id(1)] IReadOnlyList<WorkerView> Workers,
    [property: Id(2)] IReadOnlyDictionary<string, RunAssignment> Running,
    [property: Id(3)] int QueueLength = 0,
    [property: Id(4)] int QueueFrom = 0)
{
    /// <summary>The most queue entries one view holds.</summary>
    public const int MaxQueuePage = 1000;

    /// <summary>Queue entries a view holds unless asked for more.</summary>
    public const int DefaultQueuePage = 100;
}

[GenerateSerializer, Immutable, Alias("ep.QueuedRun")]
public sealed record QueuedRun(
    [property: Id(0)] string RunId,
    [property: Id(1)] int Position,
    [property: Id(2)] int Priority,
    [property: Id(3)] string Waiting);

/// <summary>A worker silo: its slots, those in use, and the memory a run may use there (0: unknown).</summary>
[GenerateSerializer, Immutable, Alias("ep.WorkerView")]
public sealed record WorkerView(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Accelerator,
    [property: Id(2)] int Slots,
    [property: Id(3)] int UsedSlots,
    [property: Id(4)] long MemoryBytes = 0);
