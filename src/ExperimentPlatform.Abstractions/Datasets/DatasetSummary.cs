namespace ExperimentPlatform.Datasets;

/// <summary>One line of the dataset list: the dataset and its latest version.</summary>
[GenerateSerializer, Immutable, Alias("ep.DatasetSummary")]
public sealed record DatasetSummary
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required DatasetKind Kind { get; init; }
    [Id(2)] public required int VersionCount { get; init; }
    [Id(3)] public required DatasetVersion Latest { get; init; }
}
