using Orleans.Concurrency;

namespace ExperimentPlatform.Runs;

/// <summary>
/// The run list (one table row per run, cached in memory here): filtered, sorted and paged on the server. Run
/// grains upsert their row after each state write; a periodic sync from the table repairs a missed update.
/// </summary>
[Alias("ep.IRunIndexGrain")]
public interface IRunIndexGrain : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("Upsert")]
    Task UpsertAsync(RunSummary run);

    [Alias("List"), AlwaysInterleave]
    Task<RunPage> ListAsync(RunQuery query);

    [Alias("Experiments"), AlwaysInterleave]
    Task<IReadOnlyList<ExperimentSummary>> ListExperimentsAsync();

    /// <summary>Re-reads rows changed since the last sync (repairs updates lost between a run's write and its notice).</summary>
    [Alias("Sync")]
    Task<int> SyncAsync();
}
