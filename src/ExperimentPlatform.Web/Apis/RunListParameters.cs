using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Apis;

/// <summary>Query parameters of <c>GET /api/runs</c>.</summary>
public sealed record RunListParameters
{
    public string? Experiment { get; init; }
    public string? Status { get; init; }
    public string? Kind { get; init; }
    public string? Dataset { get; init; }
    public string? StartRun { get; init; }
    public string? StartModel { get; init; }
    public string? Tag { get; init; }
    public string? Actor { get; init; }
    public string? Config { get; init; }

    /// <summary>Free text over name, id, description, experiment, dataset and tags.</summary>
    public string? Search { get; init; }

    /// <summary><c>created</c> or <c>metric</c>.</summary>
    public string? Sort { get; init; }
    public string? Metric { get; init; }

    /// <summary><c>last</c>, <c>min</c>, <c>max</c> or <c>best</c>.</summary>
    public string? Aggregate { get; init; }
    public bool? Reverse { get; init; }
    public int? Page { get; init; }
    public int? PageSize { get; init; }

    public RunQuery ToQuery() => new()
    {
        Experiment = Experiment, Status = Parse<RunStatus>(Status, "status"), Kind = Parse<RunKind>(Kind, "kind"), Dataset = Dataset, StartRun = StartRun,
        StartModel = StartModel, Tag = Tag, Actor = Actor, Config = Config, Search = Search, Sort = Sort ?? RunSorts.Created, Metric = Metric,
        Aggregate = Parse<MetricAggregate>(Aggregate, "aggregate") ?? MetricAggregate.Last, Reverse = Reverse ?? false, Page = Page ?? 0, PageSize = PageSize ?? 50,
    };

    private static T? Parse<T>(string? value, string field) where T : struct, Enum =>
        value is null ? null : ApiEnums.Parse<T>(value, field);
}
