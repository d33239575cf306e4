using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// The run list, served from memory. The source of truth is the run table (<see cref="RunStore"/>), where each
/// run's state and summary are one row: this grain loads it on activation, takes the upserts run grains send
/// after each write, and every few seconds reads the changes recorded with the writes since its last read (a RowKey
/// range, not a scan of the table), so an upsert lost to a crash between a run's write and its notice is repaired
/// within one sync period. Every <see cref="PruneEvery"/> syncs it deletes changes older than the retention.
/// </summary>
public sealed class RunIndexGrain(RunStore store, Telemetry.PlatformMetrics metrics, ILogger<RunIndexGrain> logger) : Grain, IRunIndexGrain
{
    private readonly Dictionary<string, RunSummary> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<RunStatus, int> _byState = [];
    private const int PruneEvery = 30;
    private readonly TableChangeLog _changes = RunStore.NewChangeLog();
    private int _syncs;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UtcNow;
        foreach (var run in await store.ReadSummariesAsync(cancellationToken))
            Merge(run);
        _changes.ReadAllAt(at);
        TableSync.Every(this, SyncAsync, logger, "the run list");
    }

    public Task UpsertAsync(RunSummary run)
    {
        Merge(run);
        return Task.CompletedTask;
    }

    public async Task<int> SyncAsync()
    {
        var changed = (await store.ReadChangesAsync(_changes)).Count(Merge);
        if (++_syncs % PruneEvery == 0)
            await store.PruneChangesAsync(_changes);
        return changed;
    }

    public Task<RunPage> ListAsync(RunQuery query)
    {
        RunQueryRules.Check(query);
        var matching = _runs.Values.Where(RunQueryRules.Filter(query)).ToList();
        var page = RunQueryRules.Sort(matching, query).Skip(query.Page * query.PageSize).Take(query.PageSize).ToList();
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

    private bool Merge(RunSummary run)
    {
        // Newer wins; at the same time, more progress wins (a running run sends progress between its row's writes,
        // and a sync can read the older row back).
        if (_runs.TryGetValue(run.Id, out var known) && (known.UpdatedAt > run.UpdatedAt || known.UpdatedAt == run.UpdatedAt && known.Step > run.Step))
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
