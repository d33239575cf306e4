namespace ExperimentPlatform.Runs;

/// <summary>A checkpoint of a run in Blob storage.</summary>
[GenerateSerializer, Immutable, Alias("ep.CheckpointRecord")]
public sealed record CheckpointRecord
{
    [Id(0)] public required int Step { get; init; }

    /// <summary>The attempt that wrote it.</summary>
    [Id(1)] public required int Attempt { get; init; }

    /// <summary>Blob folder (in the runs container) holding the checkpoint's files.</summary>
    [Id(2)] public required string Prefix { get; init; }

    [Id(3)] public required IReadOnlyList<string> Files { get; init; }

    [Id(4)] public required long Bytes { get; init; }

    /// <summary>Latest evaluation figures at that step, by "split/metric".</summary>
    [Id(5)] public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Seconds the training thread stood still while the process wrote the checkpoint to local disk.</summary>
    [Id(6)] public double StallSeconds { get; init; }

    /// <summary>Seconds the background upload to Blob storage took.</summary>
    [Id(7)] public double UploadSeconds { get; init; }

    [Id(8)] public required DateTimeOffset CreatedAt { get; init; }
}
