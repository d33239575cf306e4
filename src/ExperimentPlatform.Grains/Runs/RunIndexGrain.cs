using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// The run list, served from memory. The source of truth is the run table (<see cref="RunStore"/>), where each
/// run's state and summary are one row: this grain loads it on activation, takes the upserts run grains send
/// after each write, and every few seconds reads the changes recorded with the writes since its last read (a RowKey
/// range, not a scan of the table), so an upsert lost to a crash between a run's write and its notice is repaired
/// within one sync period. The change log deletes its old changes itself.
/// </summary>
public sealed class RunIndexGrain(RunStore store, Telemetry.PlatformMetrics metrics, ILogger<RunIndexGrain> logger) : Grain, IRunIndexGrain
{
    private readonly Dictionary<string, RunSummary> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<RunStatus, int> _byState = [];
    private readonly TableChangeLog _changes = RunStore.NewChangeLog();
    private Task _loaded = Task.CompletedTask;

    /// <summary>
    /// Starts reading every row, without holding the activation for it (at 100,000 runs on the emulator that read
    /// outlasts the runtime's activation timeout, which would cancel the activation and start it over): calls wait for
    /// the read, upserts are merged meanwhile (newer wins), and the sync starts once it is done.
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _loaded = LoadAsync();
        return Task.CompletedTask;
    }

    private async Task LoadAsync()
    {
        var at = DateTimeOffset.UtcNow;
        foreach (var run in await store.ReadSummariesAsync())
            Merge(run);
        _changes.ReadAllAt(at);
        TableSync.Every(this, SyncAsync, logger, "the run list");
    }

    /// <summary>The first read of the rows; read again when it failed.</summary>
    private Task LoadedAsync()
    {
        if (_loaded.IsFaulted || _loaded.IsCanceled)
            _loaded = LoadAsync();
        return _loaded;
    }

    public Task UpsertAsync(RunSummary run)
    {
        Merge(run);
        return Task.CompletedTask;
    }

    public async Task<int> SyncAsync()
    {
        await LoadedAsync();
        var changed = (await store.ReadChangesAsync(_changes)).Count(Merge);
        return changed;
    }

    public async Task<RunPage> ListAsync(RunQuery query)
    {
        RunQueryRules.Check(query);
        await LoadedAsync();
        var matching = _runs.Values.Where(RunQueryRules.Filter(query)).ToList();
        var page = RunQueryRules.Sort(matching, query).Skip(query.Page * query.PageSize).Take(query.PageSize).ToList();
        return new RunPage(page, matching.Count, query.Page, query.PageSize);
    }

    public async Task<IReadOnlyList<ExperimentSummary>> ListExperimentsAsync()
    {
        await LoadedAsync();
        return
        [
            .. _runs.Values.GroupBy(r => r.Experiment)
                .Select(g => new ExperimentSummary(g.Key, g.Count(),
                    g.GroupBy(r => r.Status).ToDictionary(s => s.Key, s => s.Count()), g.Max(r => r.UpdatedAt)))
                .OrderBy(e => e.Name, StringComparer.Ordinal),
        ];
    }

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
