using System.Globalization;
using ExperimentPlatform.Cluster;
using ExperimentPlatform.Grains.Hosting;
using Orleans.Concurrency;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace ExperimentPlatform.Grains.Cluster;

/// <summary><see cref="IClusterGrain"/> from this silo's membership snapshot and silo metadata cache.</summary>
[StatelessWorker]
public sealed class ClusterGrain(IClusterMembershipService membership, ISiloMetadataCache metadata) : Grain, IClusterGrain
{
    public Task<IReadOnlyList<SiloView>> GetSilosAsync()
    {
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status is SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown or SiloStatus.Stopping)
            .Select(m =>
            {
                var values = metadata.GetSiloMetadata(m.SiloAddress).Metadata;
                return new SiloView
                {
                    Address = m.SiloAddress.ToParsableString(),
                    Name = m.Name,
                    Status = System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(m.Status.ToString()),
                    Role = values.GetValueOrDefault(MetadataKeys.Role) ?? "unknown",
                    Accelerator = values.GetValueOrDefault(MetadataKeys.Accelerator) ?? "cpu",
                    Slots = int.TryParse(values.GetValueOrDefault(MetadataKeys.Slots), NumberStyles.None, CultureInfo.InvariantCulture, out var slots) ? slots : 0,
                    CodeVersion = values.GetValueOrDefault(MetadataKeys.Code) ?? "unknown",
                    StartedAt = DateTimeOffset.TryParse(values.GetValueOrDefault(MetadataKeys.Started), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)
                        ? started : null,
                };
            })
            .OrderBy(s => s.Role == "worker" ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<SiloView>>(silos);
    }
}
