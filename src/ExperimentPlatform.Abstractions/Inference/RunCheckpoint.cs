using ExperimentPlatform.Models;

namespace ExperimentPlatform.Inference;

/// <summary>Which checkpoint of a run answers an inference request: its latest, its best by the run's primary metric, or the one at a step.</summary>
[GenerateSerializer, Immutable, Alias("ep.RunCheckpoint")]
public sealed record RunCheckpoint
{
    [Id(0)] public required string Run { get; init; }
    [Id(1)] public CheckpointChoice Choice { get; init; } = CheckpointChoice.Latest;

    /// <summary>The checkpoint's step when <see cref="Choice"/> is <see cref="CheckpointChoice.Step"/>.</summary>
    [Id(2)] public int? Step { get; init; }

    public override string ToString() => Choice switch
    {
        CheckpointChoice.Step => $"{Run}@step {Step}",
        CheckpointChoice.Best => $"{Run}@best",
        _ => $"{Run}@latest",
    };
}
