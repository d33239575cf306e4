namespace ExperimentPlatform.Grains.Runs.Journal;

/// <summary>Replays the journal a departed silo left (key: its folder) into the runs' own batches, once.</summary>
public interface IJournalReplayGrain : IGrainWithStringKey
{
    Task ReplayAsync();
}
