using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs.Journal;

/// <summary>
/// Reads every commit a departed silo's journal holds, writes each run's events as one batch of the run's (events
/// it had compacted already come again; readers skip sequence numbers they have), then deletes the commits. One
/// activation per folder, so concurrent callers wait for the same replay; replaying twice writes the same batches.
/// A run without a log summary gets one first (<see cref="RunLogSummary.First"/>): batches never come without it.
/// The runs replayed are remembered while the grain lives, so a log that asks after the replay hears it had events.
/// </summary>
public sealed class JournalReplayGrain(EventJournalStore store, RunBlobStore runs, SiloLiveness liveness, ILogger<JournalReplayGrain> logger)
    : Grain, IJournalReplayGrain
{
    private readonly HashSet<string> _replayed = new(StringComparer.Ordinal);

    public async Task<bool> ReplayAsync(string? run)
    {
        await ReplayFolderAsync();
        return run is null ? _replayed.Count > 0 : _replayed.Contains(run);
    }

    private async Task ReplayFolderAsync()
    {
        var folder = this.GetPrimaryKeyString();
        if (!liveness.IsGone(folder))
            return;
        var commits = await store.ListAsync(folder);
        if (commits.Count == 0)
            return;
        var perRun = new Dictionary<string, SortedDictionary<long, RunEvent>>(StringComparer.Ordinal);
        foreach (var commit in commits)
        {
            foreach (var entry in await store.ReadAsync(commit))
            {
                if (!perRun.TryGetValue(entry.Run, out var events))
                    perRun[entry.Run] = events = [];
                foreach (var e in entry.Events)
                    events.TryAdd(e.Seq, e);
            }
        }
        await Parallel.ForEachAsync(perRun, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (run, ct) =>
        {
            await runs.CreateSummaryIfAbsentAsync(run.Key, RunLogSummary.First([folder]), ct);
            await runs.WriteEventsAsync(run.Key, [.. run.Value.Values], ct);
        });
        _replayed.UnionWith(perRun.Keys);
        foreach (var commit in commits)
            await store.DeleteAsync(commit);
        logger.LogInformation("Replayed journal {Folder} of a departed silo: {Commits} commits, {Runs} runs", folder, commits.Count, perRun.Count);
    }
}
