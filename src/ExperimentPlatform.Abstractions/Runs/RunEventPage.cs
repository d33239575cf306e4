namespace ExperimentPlatform.Runs;

/// <summary>Events after a position, and whether the run has ended (no more will come).</summary>
[GenerateSerializer, Immutable, Alias("ep.RunEventPage")]
public sealed record RunEventPage(
    [property: Id(0)] IReadOnlyList<RunEvent> Events,
    [property: Id(1)] long LastSeq,
    [property: Id(2)] bool Ended);
