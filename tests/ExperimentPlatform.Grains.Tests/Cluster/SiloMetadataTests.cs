using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace ExperimentPlatform.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SiloMetadataTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_silo_sees_the_role_accelerator_and_slots_the_others_publish()
    {
        var silos = fixture.Cluster.Silos.ToList();
        Assert.Equal(2, silos.Count);
        var cache = fixture.Cluster.GetSiloServiceProvider(silos[0].SiloAddress).GetRequiredService<ISiloMetadataCache>();
        var metadata = await Testing.Eventually.WaitForAsync(() => Task.FromResult(cache.GetSiloMetadata(silos[1].SiloAddress)),
            m => m.Metadata.Count > 0, $"silo {silos[0].SiloAddress} to see {silos[1].SiloAddress}'s metadata", TimeSpan.FromSeconds(20));
        Assert.Equal("worker", metadata.Metadata["role"]);
        Assert.Equal("cpu", metadata.Metadata["accelerator"]);
        Assert.Equal(ClusterFixture.Slots.ToString(), metadata.Metadata["slots"]);
    }

    [Fact]
    public async Task The_cluster_view_lists_each_silo_with_its_role_slots_code_version_and_start()
    {
        var silos = await fixture.Grains.GetGrain<ExperimentPlatform.Cluster.IClusterGrain>(ExperimentPlatform.Cluster.IClusterGrain.Key).GetSilosAsync();

        Assert.Equal(fixture.Cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).Order(), silos.Select(s => s.Address).Order());
        Assert.All(silos, s =>
        {
            Assert.Equal(("worker", "cpu", ClusterFixture.Slots, "active"), (s.Role, s.Accelerator, s.Slots, s.Status));
            Assert.NotNull(s.StartedAt);
            Assert.InRange(s.StartedAt!.Value, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow);
        });
    }
}
