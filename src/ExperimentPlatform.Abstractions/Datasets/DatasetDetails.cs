namespace ExperimentPlatform.Datasets;

/// <summary>A dataset with all its versions, newest last, and its history.</summary>
[GenerateSerializer, Immutable, Alias("ep.DatasetDetails")]
public sealed record DatasetDetails
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required DatasetKind Kind { get; init; }
    [Id(2)] public required IReadOnlyList<DatasetVersion> Versions { get; init; }

    /// <summary>Who holds each version: version name → referrers such as "run:abc" or "model:spam@3".</summary>
    [Id(3)] public required IReadOnlyDictionary<string, IReadOnlyList<string>> References { get; init; }

    [Id(4)] public required IReadOnlyList<DatasetEvent> History { get; init; }
}
