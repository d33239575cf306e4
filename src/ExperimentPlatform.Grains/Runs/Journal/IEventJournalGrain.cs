namespace ExperimentPlatform.Grains.Runs.Journal;

/// <summary>A silo's event journal, reachable from other silos (placed on the silo its key names).</summary>
public interface IEventJournalGrain : IGrainWithStringKey
{
    public static string KeyFor(SiloAddress silo) => $"journal/{silo.ToParsableString()}";

    /// <summary>Writes the run's events that this silo's journal holds to the run's own batches; true when there were some.</summary>
    Task<bool> CompactAsync(string run);
}
