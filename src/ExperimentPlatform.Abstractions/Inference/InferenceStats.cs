namespace ExperimentPlatform.Inference;

/// <summary>One worker's inference server: its warm models against the memory bound, cache hits and misses, requests.</summary>
[GenerateSerializer, Immutable, Alias("ep.InferenceStats")]
public sealed record InferenceStats
{
    [Id(0)] public required string Silo { get; init; }

    /// <summary>Whether its serving process is up (it starts with the first request).</summary>
    [Id(1)] public bool Running { get; init; }
    [Id(2)] public int Models { get; init; }
    [Id(3)] public long Bytes { get; init; }
    [Id(4)] public long CapacityBytes { get; init; }
    [Id(5)] public long Hits { get; init; }
    [Id(6)] public long Misses { get; init; }
    [Id(7)] public long Evictions { get; init; }
    [Id(8)] public long Requests { get; init; }

    /// <summary>Checkpoints fetched from Blob storage to this worker's disk, and those on its disk now.</summary>
    [Id(9)] public long Downloads { get; init; }
    [Id(10)] public int LocalCheckpoints { get; init; }
}
