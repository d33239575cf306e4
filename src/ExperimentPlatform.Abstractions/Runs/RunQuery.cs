namespace ExperimentPlatform.Runs;

/// <summary>
/// Filters, sort and page of a run listing. Sort <c>created</c> (newest first) or <c>metric</c> by
/// <see cref="Metric"/> (ascending for losses and perplexity, descending otherwise). Runs without the metric come last.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.RunQuery")]
public sealed record RunQuery
{
    public const int MaxPageSize = 500;

    [Id(0)] public string? Experiment { get; init; }
    [Id(1)] public RunStatus? Status { get; init; }
    [Id(2)] public RunKind? Kind { get; init; }
    [Id(3)] public string? Dataset { get; init; }
    [Id(4)] public string? StartRun { get; init; }
    [Id(5)] public string? Tag { get; init; }
    [Id(6)] public string? Actor { get; init; }
    [Id(7)] public string Sort { get; init; } = "created";
    [Id(8)] public string? Metric { get; init; }
    [Id(9)] public int Page { get; init; }
    [Id(10)] public int PageSize { get; init; } = 50;
}
