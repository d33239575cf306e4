namespace ExperimentPlatform.Runs;

/// <summary>An experiment: a name that groups runs, with how many it has in each status.</summary>
[GenerateSerializer, Immutable, Alias("ep.ExperimentSummary")]
public sealed record ExperimentSummary(
    [property: Id(0)] string Name,
    [property: Id(1)] int Runs,
    [property: Id(2)] IReadOnlyDictionary<RunStatus, int> ByStatus,
    [property: Id(3)] DateTimeOffset LastActivity);
