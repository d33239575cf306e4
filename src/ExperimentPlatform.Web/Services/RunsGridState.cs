using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>
/// What the runs grid shows — filters, sort, metric columns, page — as it is written in the page's address, so a
/// link or a reload shows the same grid. One mapping to the address and one to the platform's <see cref="RunQuery"/>.
/// </summary>
public sealed record RunsGridState
{
    public const int DefaultPageSize = 25;
    public const int MaxColumns = 12;
    private const string NoColumns = "none";

    public static readonly IReadOnlyList<MetricColumn> DefaultColumns = [new(MetricNames.TrainLoss, MetricAggregate.Last), new(MetricNames.ValidationLoss, MetricAggregate.Best)];

    public string? Search { get; init; }
    public RunStatus? Status { get; init; }
    public RunKind? Kind { get; init; }
    public string? Experiment { get; init; }
    public string? Tag { get; init; }
    public string? Dataset { get; init; }
    public string? StartRun { get; init; }
    public string? StartModel { get; init; }
    public string? CreatedBy { get; init; }

    /// <summary>Null: newest first; else the metric (by <see cref="Aggregate"/>) the grid sorts by, best first.</summary>
    public string? SortMetric { get; init; }
    public MetricAggregate Aggregate { get; init; } = MetricAggregate.Best;
    public bool Reverse { get; init; }
    public IReadOnlyList<MetricColumn> Columns { get; init; } = DefaultColumns;
    public int Page { get; init; }
    public int PageSize { get; init; } = DefaultPageSize;

    public bool Filtered => Search is not null || Status is not null || Kind is not null || Experiment is not null || Tag is not null
        || Dataset is not null || StartRun is not null || StartModel is not null || CreatedBy is not null;

    public RunQuery ToQuery() => new()
    {
        Search = Search, Status = Status, Kind = Kind, Experiment = Experiment, Tag = Tag, Dataset = Dataset, StartRun = StartRun,
        StartModel = StartModel, Actor = CreatedBy, Sort = SortMetric is null ? RunSorts.Created : RunSorts.Metric, Metric = SortMetric,
        Aggregate = Aggregate, Reverse = Reverse, Page = Page, PageSize = PageSize,
    };

    /// <summary>The address's query parameters for this state (defaults left out).</summary>
    public IReadOnlyDictionary<string, object?> ToQueryString() => new Dictionary<string, object?>
    {
        ["q"] = Search, ["status"] = Status is { } s ? Formats.Lower(s) : null, ["kind"] = Kind is { } k ? Formats.Lower(k) : null,
        ["experiment"] = Experiment, ["tag"] = Tag, ["dataset"] = Dataset, ["start"] = StartRun, ["model"] = StartModel, ["by"] = CreatedBy,
        ["sort"] = SortMetric, ["agg"] = SortMetric is null || Aggregate == MetricAggregate.Best ? null : Formats.Lower(Aggregate),
        ["rev"] = Reverse ? "1" : null,
        ["cols"] = Columns.SequenceEqual(DefaultColumns) ? null : Columns.Count == 0 ? NoColumns : string.Join(",", Columns),
        ["page"] = Page == 0 ? null : Page, ["size"] = PageSize == DefaultPageSize ? null : PageSize,
    };

    /// <summary>The state an address asks for; a value that names nothing known is ignored, not an error page.</summary>
    public static RunsGridState FromQueryString(IReadOnlyDictionary<string, string?> query)
    {
        string? Get(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        T? Parse<T>(string key) where T : struct, Enum
        {
            var text = Get(key)?.ToLowerInvariant();
            foreach (var value in Enum.GetValues<T>())
                if (Formats.Lower(value) == text)
                    return value;
            return null;
        }
        var cols = Get("cols");
        IReadOnlyList<MetricColumn> columns = cols switch
        {
            null => DefaultColumns,
            NoColumns => [],
            _ => [.. cols.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(MetricColumn.Parse).OfType<MetricColumn>().Distinct().Take(MaxColumns)],
        };
        return new RunsGridState
        {
            Search = Get("q"), Status = Parse<RunStatus>("status"), Kind = Parse<RunKind>("kind"), Experiment = Get("experiment"), Tag = Get("tag"),
            Dataset = Get("dataset"), StartRun = Get("start"), StartModel = Get("model"), CreatedBy = Get("by"), SortMetric = Get("sort"),
            Aggregate = Parse<MetricAggregate>("agg") ?? MetricAggregate.Best, Reverse = Get("rev") == "1",
            Columns = columns,
            Page = int.TryParse(Get("page"), out var page) && page >= 0 ? page : 0,
            PageSize = int.TryParse(Get("size"), out var size) && size is > 0 and <= RunQuery.MaxPageSize ? size : DefaultPageSize,
        };
    }
}
