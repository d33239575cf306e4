using System.Globalization;
using ExperimentPlatform.Grains.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>The workers in the cluster now: active members whose metadata says role <c>worker</c> with slots.</summary>
public sealed class WorkerDirectory(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    public IReadOnlyList<Worker> Active()
    {
        var workers = new List<Worker>();
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active)
                continue;
            var values = metadata.GetSiloMetadata(member.SiloAddress).Metadata;
            if (values.GetValueOrDefault(MetadataKeys.Role) != "worker"
                || !int.TryParse(values.GetValueOrDefault(MetadataKeys.Slots), NumberStyles.None, CultureInfo.InvariantCulture, out var slots) || slots < 1)
                continue;
            workers.Add(new Worker(member.SiloAddress, values.GetValueOrDefault(MetadataKeys.Accelerator) ?? "cpu", slots,
                values.GetValueOrDefault(MetadataKeys.Code) ?? "unknown",
                long.TryParse(values.GetValueOrDefault(MetadataKeys.Memory), NumberStyles.None, CultureInfo.InvariantCulture, out var memory) ? memory : 0));
        }
        return workers;
    }

    /// <summary>
    /// Whether the silo left the cluster: declared dead, or unknown. A silo that is shutting down is not gone yet: it
    /// checkpoints its runs and hands them back first.
    /// </summary>
    public bool IsGone(string silo) =>
        !membership.CurrentSnapshot.Members.TryGetValue(SiloAddress.FromParsableString(silo), out var member) || member.Status == SiloStatus.Dead;
}
