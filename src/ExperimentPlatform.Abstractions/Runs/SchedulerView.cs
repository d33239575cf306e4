namespace ExperimentPlatform.Runs;

/// <summary>The scheduler's queue (in the order runs will start, with why each waits), workers and assignments.</summary>
[GenerateSerializer, Immutable, Alias("ep.SchedulerView")]
public sealed record SchedulerView(
    [property: Id(0)] IReadOnlyList<QueuedRun> Queue,
    [property: Id(1)] IReadOnlyList<WorkerView> Workers,
    [property: Id(2)] IReadOnlyDictionary<string, RunAssignment> Running);

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
