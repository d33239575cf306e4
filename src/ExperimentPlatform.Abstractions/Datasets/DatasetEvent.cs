namespace ExperimentPlatform.Datasets;

/// <summary>One entry of a dataset's history: who did what to which version, and when.</summary>
[GenerateSerializer, Immutable, Alias("ep.DatasetEvent")]
public sealed record DatasetEvent(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Version,
    [property: Id(4)] string Detail);
