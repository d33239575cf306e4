namespace ExperimentPlatform.Runs;

/// <summary>
/// Where a run's weights start: a registered model version (<see cref="Model"/>: <c>name@vN</c>, <c>name@alias</c>,
/// resolved at launch), a finished run's final checkpoint, or a run's checkpoint at <see cref="Step"/>. Exactly one of
/// <see cref="Model"/> and <see cref="Run"/>. No starting point (null on the spec) means from scratch.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.StartingPoint")]
public sealed record StartingPoint
{
    [Id(0)] public string? Run { get; init; }

    /// <summary>A checkpoint's step of <see cref="Run"/>; null: the run's latest checkpoint (the run must have finished).</summary>
    [Id(1)] public int? Step { get; init; }

    /// <summary>A model version in the registry; the version's lineage continues through this run.</summary>
    [Id(2)] public string? Model { get; init; }
}
