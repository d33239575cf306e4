using Orleans.Concurrency;

namespace ExperimentPlatform.Grains.Runs.Journal;

[WorkerPlacement, Reentrant]
public sealed class EventJournalGrain(EventJournal journal) : Grain, IEventJournalGrain
{
    public Task<bool> CompactAsync(string run) => journal.CompactAsync(run);
}
