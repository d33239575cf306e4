namespace ExperimentPlatform.Runs;

/// <summary>
/// Where a run's weights start: a finished run's final checkpoint, or a run's checkpoint at <see cref="Step"/>.
/// No starting point (null on the spec) means from scratch.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.StartingPoint")]
public sealed record StartingPoint
{
    [Id(0)] public required string Run { get; init; }

    /// <summary>A checkpoint's step; null: the run's latest checkpoint (the run must have finished).</summary>
    [Id(1)] public int? Step { get; init; }
}
