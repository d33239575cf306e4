namespace ExperimentPlatform.Runs;

/// <summary>
/// Filters, sort and page of a run listing. Sort <see cref="RunSorts.Created"/> (newest first) or
/// <see cref="RunSorts.Metric"/> by <see cref="Metric"/>'s <see cref="Aggregate"/> (ascending for losses and
/// perplexity, descending otherwise; <see cref="Reverse"/> flips it). Runs without the metric come last.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.RunQuery")]
public sealed record RunQuery
{
    public const int MaxPageSize = 500;
    public const int MaxSearch = 200;

    [Id(0)] public string? Experiment { get; init; }
    [Id(1)] public RunStatus? Status { get; init; }
    [Id(2)] public RunKind? Kind { get; init; }
    [Id(3)] public string? Dataset { get; init; }
    [Id(4)] public string? StartRun { get; init; }
    [Id(5)] public string? Tag { get; init; }
    [Id(6)] public string? Actor { get; init; }
    [Id(7)] public string Sort { get; init; } = RunSorts.Created;
    [Id(8)] public string? Metric { get; init; }
    [Id(9)] public int Page { get; init; }
    [Id(10)] public int PageSize { get; init; } = 50;

    /// <summary>Which value of <see cref="Metric"/> a metric sort uses.</summary>
    [Id(11)] public MetricAggregate Aggregate { get; init; } = MetricAggregate.Last;

    /// <summary>Free text: runs whose name, id, description, experiment, dataset or a tag contains it (any case).</summary>
    [Id(12)] public string? Search { get; init; }

    /// <summary>Runs that started from this model version (<c>name@vN</c>).</summary>
    [Id(13)] public string? StartModel { get; init; }

    /// <summary>Several statuses at once (e.g. running and queued); <see cref="Status"/>, when set, must be among them.</summary>
    [Id(14)] public IReadOnlyList<RunStatus>? Statuses { get; init; }

    /// <summary>Reverses the sort: oldest first, or worst first.</summary>
    [Id(15)] public bool Reverse { get; init; }

    /// <summary>Runs of this model shape (<see cref="RunSummary.Config"/>).</summary>
    [Id(16)] public string? Config { get; init; }
}
