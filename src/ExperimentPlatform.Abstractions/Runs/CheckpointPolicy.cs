namespace ExperimentPlatform.Runs;

/// <summary>
/// When a run writes checkpoints (every N steps and/or minutes, and always at the end or on pause) and which it
/// keeps in Blob storage: the latest <see cref="KeepLatest"/>, plus the best by <see cref="KeepBestBy"/> if set.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.CheckpointPolicy")]
public sealed record CheckpointPolicy
{
    /// <summary>Every this many steps (0: only at the end and on pause).</summary>
    [Id(0)] public int EverySteps { get; init; } = 50;

    /// <summary>Also every this many minutes of training (0: no time-based checkpoints).</summary>
    [Id(1)] public double EveryMinutes { get; init; }

    [Id(2)] public int KeepLatest { get; init; } = 3;

    /// <summary>A metric such as <c>validation/loss</c> (lower is better) or <c>validation/accuracy</c> (higher).</summary>
    [Id(3)] public string? KeepBestBy { get; init; }
}
