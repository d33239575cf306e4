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
        var deadline = DateTime.UtcNow.AddSeconds(20);
        SiloMetadata metadata = cache.GetSiloMetadata(silos[1].SiloAddress);
        while (metadata.Metadata.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            metadata = cache.GetSiloMetadata(silos[1].SiloAddress);
        }
        Assert.Equal("worker", metadata.Metadata["role"]);
        Assert.Equal("cpu", metadata.Metadata["accelerator"]);
        Assert.Equal(ClusterFixture.Slots.ToString(), metadata.Metadata["slots"]);
    }
}
