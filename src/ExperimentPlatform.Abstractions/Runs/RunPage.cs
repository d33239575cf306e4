namespace ExperimentPlatform.Runs;

[GenerateSerializer, Immutable, Alias("ep.RunPage")]
public sealed record RunPage(
    [property: Id(0)] IReadOnlyList<RunSummary> Runs,
    [property: Id(1)] int Total,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize);
