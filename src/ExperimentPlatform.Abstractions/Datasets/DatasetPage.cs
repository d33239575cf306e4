namespace ExperimentPlatform.Datasets;

[GenerateSerializer, Immutable, Alias("ep.DatasetPage")]
public sealed record DatasetPage(
    [property: Id(0)] IReadOnlyList<DatasetSummary> Datasets,
    [property: Id(1)] int Total,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize);
