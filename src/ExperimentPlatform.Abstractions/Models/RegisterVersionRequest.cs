namespace ExperimentPlatform.Models;

/// <summary>Make a new version of a model from a run's checkpoint.</summary>
[GenerateSerializer, Immutable, Alias("ep.RegisterVersionRequest")]
public sealed record RegisterVersionRequest
{
    [Id(0)] public required string Run { get; init; }
    [Id(1)] public CheckpointChoice Choice { get; init; } = CheckpointChoice.Best;

    /// <summary>The checkpoint's step when <see cref="Choice"/> is <see cref="CheckpointChoice.Step"/>.</summary>
    [Id(2)] public int? Step { get; init; }
    [Id(3)] public string Description { get; init; } = "";
}
