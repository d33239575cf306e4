using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// The run list, served from memory. The source of truth is the run table (<see cref="RunStore"/>), where each
/// run's state and summary are one row: this grain loads it on activation, takes the upserts run grains send
/// after each write, and every few seconds re-reads the rows that changed since its last read, so an upsert lost to
/// a crash between a run's write and its notice is repaired within one sync period.
/// </summary>
public sealed class RunIndexGrain(RunStore store, Hosting.Telemetry.PlatformMetrics metrics, ILogger<RunIndexGrain> logger) : Grain, IRunIndexGrain
{
    private readonly Dictionary<string, RunSummary> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<RunStatus, int> _byState = [];
    private readonly TableCursor _cursor = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await SyncAsync();
        TableCursor.Every(this, SyncAsync, logger, "the run list");
    }

    public Task UpsertAsync(RunSummary run)
    {
        Merge(run);
        return Task.CompletedTask;
    }

    public async Task<int> SyncAsync()
    {
        var (runs, newest) = await store.ReadSummariesAsync(_cursor.Since);
        var changed = runs.Count(Merge);
        _cursor.Advance(newest);
        return changed;
    }

    public Task<RunPage> ListAsync(RunQuery query)
    {
        RunSpecRules.Require(query.PageSize is > 0 and <= RunQuery.MaxPageSize, "pageSize", $"must lie in 1..{RunQuery.MaxPageSize}, got {query.PageSize}");
        RunSpecRules.Require(query.Page >= 0, "page", $"must be 0 or more, got {query.Page}");
        RunSpecRules.Require(query.Sort is "created" or "metric", "sort", $"'{query.Sort}' is not one of created, metric");
        RunSpecRules.Require(query.Sort != "metric" || !string.IsNullOrWhiteSpace(query.Metric), "metric", "sorting by metric needs a metric name, e.g. validation/loss");
        IEnumerable<RunSummary> runs = _runs.Values;
        if (query.Experiment is { } experiment)
            runs = runs.Where(r => r.Experiment == experiment);
        if (query.Status is { } status)
            runs = runs.Where(r => r.Status == status);
        if (query.Kind is { } kind)
            runs = runs.Where(r => r.Kind == kind);
        if (query.Dataset is { } dataset)
            runs = runs.Where(r => r.Dataset == dataset || r.Dataset.StartsWith(dataset + "@", StringComparison.Ordinal));
        if (query.StartRun is { } start)
            runs = runs.Where(r => r.StartRun == start);
        if (query.Tag is { } tag)
            runs = runs.Where(r => r.Tags.Contains(tag));
        if (query.Actor is { } actor)
            runs = runs.Where(r => r.CreatedBy == actor);
        var matching = runs.ToList();
        IEnumerable<RunSummary> sorted = query.Sort == "metric"
            ? SortByMetric(matching, query.Metric!)
            : matching.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal);
        var page = sorted.Skip(query.Page * query.PageSize).Take(query.PageSize).ToList();
        return Task.FromResult(new RunPage(page, matching.Count, query.Page, query.PageSize));
    }

    public Task<IReadOnlyList<ExperimentSummary>> ListExperimentsAsync() =>
        Task.FromResult<IReadOnlyList<ExperimentSummary>>(
        [
            .. _runs.Values.GroupBy(r => r.Experiment)
                .Select(g => new ExperimentSummary(g.Key, g.Count(),
                    g.GroupBy(r => r.Status).ToDictionary(s => s.Key, s => s.Count()), g.Max(r => r.UpdatedAt)))
                .OrderBy(e => e.Name, StringComparer.Ordinal),
        ]);

    /// <summary>Lower is better for losses and perplexity, higher for everything else; runs without the metric last.</summary>
    private static IEnumerable<RunSummary> SortByMetric(List<RunSummary> runs, string metric)
    {
        var lowerIsBetter = metric.EndsWith("loss", StringComparison.Ordinal) || metric.EndsWith("perplexity", StringComparison.Ordinal);
        var with = runs.Where(r => r.Metrics.ContainsKey(metric));
        var ordered = lowerIsBetter ? with.OrderBy(r => r.Metrics[metric]) : with.OrderByDescending(r => r.Metrics[metric]);
        return ordered.ThenBy(r => r.Id, StringComparer.Ordinal)
            .Concat(runs.Where(r => !r.Metrics.ContainsKey(metric)).OrderByDescending(r => r.CreatedAt));
    }

    private bool Merge(RunSummary run)
    {
        if (_runs.TryGetValue(run.Id, out var known) && known.UpdatedAt > run.UpdatedAt)
            return false;
        _runs[run.Id] = run;
        if (known?.Status != run.Status)
        {
            if (known is not null)
                _byState[known.Status]--;
            _byState[run.Status] = _byState.GetValueOrDefault(run.Status) + 1;
            metrics.PublishRunsByState(new Dictionary<RunStatus, int>(_byState));
        }
        return known is null || known != run;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.PublishRunsByState(null);
        return Task.CompletedTask;
    }
}
