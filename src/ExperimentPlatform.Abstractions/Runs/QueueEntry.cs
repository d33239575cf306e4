namespace ExperimentPlatform.Runs;

[GenerateSerializer, Immutable, Alias("ep.QueueEntry")]
public sealed record QueueEntry
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required int Priority { get; init; }
    [Id(2)] public required DateTimeOffset QueuedAt { get; init; }
    [Id(3)] public required ResourceRequest Resources { get; init; }

    /// <summary>The attempt number the next start gets.</summary>
    [Id(4)] public required int NextAttempt { get; init; }
    [Id(5)] public int ResumeStep { get; init; }
}
