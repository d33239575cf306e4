using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>What a run listing checks, keeps and orders: the run list's query semantics, apart from where the rows live.</summary>
public static class RunQueryRules
{
    public static void Check(RunQuery query)
    {
        RunSpecRules.Require(query.PageSize is > 0 and <= RunQuery.MaxPageSize, "pageSize", $"must lie in 1..{RunQuery.MaxPageSize}, got {query.PageSize}");
        RunSpecRules.Require(query.Page >= 0, "page", $"must be 0 or more, got {query.Page}");
        RunSpecRules.Require(RunSorts.All.Contains(query.Sort), "sort", $"'{query.Sort}' is not one of {string.Join(", ", RunSorts.All)}");
        RunSpecRules.Require(query.Sort != RunSorts.Metric || !string.IsNullOrWhiteSpace(query.Metric), "metric", "sorting by metric needs a metric name, e.g. validation/loss");
        RunSpecRules.Require(Enum.IsDefined(query.Aggregate), "aggregate", $"'{query.Aggregate}' is not one of last, min, max, best");
        RunSpecRules.Require((query.Search?.Length ?? 0) <= RunQuery.MaxSearch, "search", $"at most {RunQuery.MaxSearch} characters, got {query.Search?.Length}");
    }

    public static Func<RunSummary, bool> Filter(RunQuery q)
    {
        var search = string.IsNullOrWhiteSpace(q.Search) ? null : q.Search.Trim();
        return r =>
            (q.Experiment is null || r.Experiment == q.Experiment)
            && (q.Status is null || r.Status == q.Status)
            && (q.Statuses is not { Count: > 0 } statuses || statuses.Contains(r.Status))
            && (q.Kind is null || r.Kind == q.Kind)
            && (q.Dataset is null || r.Dataset == q.Dataset || r.Dataset.StartsWith(q.Dataset + "@", StringComparison.Ordinal))
            && (q.StartRun is null || r.StartRun == q.StartRun)
            && (q.StartModel is null || r.StartModel == q.StartModel)
            && (q.Tag is null || r.Tags.Contains(q.Tag))
            && (q.Actor is null || r.CreatedBy == q.Actor)
            && (q.Config is null || r.Config == q.Config)
            && (search is null || r.Matches(search));
    }

    /// <summary>
    /// Newest first, or by a metric's aggregate: lower first for losses and perplexity, higher first otherwise
    /// (<see cref="RunQuery.Reverse"/> flips either); runs without the metric last, newest first.
    /// </summary>
    public static IEnumerable<RunSummary> Sort(List<RunSummary> runs, RunQuery q)
    {
        if (q.Sort != RunSorts.Metric)
        {
            var byTime = q.Reverse
                ? runs.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
                : runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal);
            return byTime;
        }
        var metric = q.Metric!;
        var ascending = ExperimentPlatform.Models.ModelTasks.LowerIsBetter(metric) != q.Reverse;
        var with = runs.Select(r => (Run: r, Value: r.Value(metric, q.Aggregate))).Where(x => x.Value is not null).Select(x => (x.Run, Value: x.Value!.Value));
        // A diverged run's NaN or infinity is no best value: those follow the finite ones.
        var finiteFirst = with.OrderBy(x => double.IsFinite(x.Value) ? 0 : 1);
        var ordered = ascending ? finiteFirst.ThenBy(x => x.Value) : finiteFirst.ThenByDescending(x => x.Value);
        return ordered.ThenBy(x => x.Run.Id, StringComparer.Ordinal).Select(x => x.Run)
            .Concat(runs.Where(r => r.Value(metric, q.Aggregate) is null).OrderByDescending(r => r.CreatedAt));
    }
}
