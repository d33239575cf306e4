using ExperimentPlatform.Grains.Storage;

namespace ExperimentPlatform.Grains.Runs.Journal;

/// <summary>What membership says about the silo a journal folder belongs to.</summary>
public sealed class SiloLiveness(IClusterMembershipService membership)
{
    public SiloStatus StatusOf(string folder) =>
        EventJournalStore.SiloOf(folder) is { } silo ? membership.CurrentSnapshot.GetSiloStatus(silo) : SiloStatus.None;

    /// <summary>Declared dead, or unknown to membership (an earlier incarnation of the cluster): nobody will compact its journal.</summary>
    public bool IsGone(string folder) => StatusOf(folder) is SiloStatus.Dead or SiloStatus.None;
}
