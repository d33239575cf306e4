namespace ExperimentPlatform.Grains.Runs.Journal;

/// <summary>Replays the journal a departed silo left (key: its folder) into the runs' own batches, once.</summary>
public interface IJournalReplayGrain : IGrainWithStringKey
{
    /// <summary>Replays the folder (once); true when <paramref name="run"/> had events in it (null: any run).</summary>
    Task<bool> ReplayAsync(string? run);
}
