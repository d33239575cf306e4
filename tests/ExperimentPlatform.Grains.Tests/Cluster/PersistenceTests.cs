using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class PersistenceTests(ClusterFixture fixture) : IDisposable
{
    private readonly DatasetScenario _scenario = new(fixture);

    [Fact]
    public async Task Datasets_survive_a_restart_of_every_silo()
    {
        var name = DatasetScenario.NewName("keep");
        var created = await _scenario.Dataset(name).ImportAsync(
            DatasetScenario.FromPath(_scenario.WriteFile("keep.csv", "text,label\nhello,ham\nbuy,spam\nhi,ham\n"), DatasetKind.Classification));
        await _scenario.Dataset(name).AddReferenceAsync("v1", "model:spam@1");

        await fixture.RestartAllSilosAsync();

        var details = await _scenario.Dataset(name).GetAsync();
        var version = Assert.Single(details.Versions);
        Assert.Equal(created.Sha256, version.Sha256);
        Assert.Equal(created.Statistics.Labels, version.Statistics.Labels);
        Assert.Equal(created.Statistics.LengthHistogram, version.Statistics.LengthHistogram);
        Assert.Equal(["model:spam@1"], details.References["v1"]);
        var listed = await fixture.Grains.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key).ListAsync();
        Assert.Contains(listed, d => d.Name == name && d.Latest.Sha256 == created.Sha256);
        Assert.Equal(3, (await fixture.Store.ReadLinesAsync(version.ContentBlob, 10, default)).Count);
    }

    public void Dispose() => _scenario.Dispose();
}
