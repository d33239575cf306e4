using ExperimentPlatform.Grains.Storage;

namespace ExperimentPlatform.Grains.Runs.Journal;

/// <summary>
/// Before a run log reads its batches (on activation), every journal that may hold its events writes them there:
/// this silo's and other live silos' journals compact the run, departed silos' journals are replayed. Only then
/// does the log know its last sequence number and take new events. The journals asked are those the log's summary
/// names (a log with a summary names a silo's journal before its first append there), or all of them for a log without
/// one (its events, if any, are only in journals) and for a log stored before logs kept summaries.
/// </summary>
public sealed class JournalCatchUp(EventJournalStore store, EventJournal local, SiloLiveness liveness, IGrainFactory grains)
{
    /// <summary>
    /// How long one listing of the journal folders serves activations (many logs activate at once after a restart).
    /// A folder newer than that belongs to a silo that joined since, which cannot yet have been declared dead.
    /// </summary>
    private static readonly TimeSpan FoldersFresh = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private (Task<List<string>> Folders, DateTime At)? _listing;

    /// <summary>
    /// Has <paramref name="journals"/> (all when null) write <paramref name="run"/>'s events to its batches. Returns the
    /// journals that could not be asked (a silo joining or stopping compacts its journal as it stops) and so may still
    /// hold some, and whether any journal had events of the run.
    /// </summary>
    public async Task<(List<string> Unasked, bool Wrote)> CatchUpAsync(string run, IReadOnlyCollection<string>? journals, CancellationToken cancellationToken)
    {
        var folders = journals ?? await FoldersAsync();
        var unasked = new List<string>();
        var wrote = await Task.WhenAll(folders.Select(folder =>
        {
            if (folder == local.Folder)
                return local.CompactAsync(run, cancellationToken);
            if (liveness.IsGone(folder))
                return grains.GetGrain<IJournalReplayGrain>(folder).ReplayAsync(run);
            if (liveness.StatusOf(folder) == SiloStatus.Active)
                return grains.GetGrain<IEventJournalGrain>(IEventJournalGrain.KeyFor(EventJournalStore.SiloOf(folder)!)).CompactAsync(run);
            lock (unasked)
                unasked.Add(folder);
            return Task.FromResult(false);
        }));
        return (unasked, wrote.Any(w => w));
    }

    private Task<List<string>> FoldersAsync()
    {
        lock (_gate)
        {
            if (_listing is { } listing && DateTime.UtcNow - listing.At < FoldersFresh && !listing.Folders.IsFaulted)
                return listing.Folders;
            var folders = store.ListFoldersAsync();
            _listing = (folders, DateTime.UtcNow);
            return folders;
        }
    }
}
