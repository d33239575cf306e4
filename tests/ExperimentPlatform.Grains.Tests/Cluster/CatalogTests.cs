using System.Text.Json;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Catalog;
using ExperimentPlatform.Grains.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class CatalogTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_catalog_imports_four_datasets_once()
    {
        var importer = new CatalogImporter(fixture.Grains, fixture.Catalog, Options.Create(new CatalogOptions()), new CatalogImportState(), NullLogger<CatalogImporter>.Instance);
        await importer.ImportAllAsync(default);
        Assert.Equal(0, await importer.ImportAllAsync(default));

        var listed = (await fixture.Grains.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key).ListAsync()).ToDictionary(d => d.Name);
        Assert.Equal(DatasetKind.Text, listed["moby-dick"].Kind);
        Assert.Equal(138, listed["moby-dick"].Latest.Statistics.Documents);
        Assert.Equal(233, listed["sotu"].Latest.Statistics.Documents);
        Assert.Equal(new Dictionary<string, long> { ["ham"] = 4150, ["spam"] = 1896 }, listed["spam-assassin"].Latest.Statistics.Labels);
        Assert.Equal(DatasetKind.Instruction, listed["email-instructions"].Kind);
        Assert.Equal("stdlib-0.4.0", listed["sotu"].Latest.Name);

        var sotu = await fixture.Store.ReadLinesAsync(listed["sotu"].Latest.ContentBlob, 1, default);
        using var first = JsonDocument.Parse(sotu[0]);
        var meta = first.RootElement.GetProperty("meta");
        Assert.Equal((1790, "George Washington"), (meta.GetProperty("year").GetInt32(), meta.GetProperty("president").GetString()));
    }

    [Fact]
    public void Email_instructions_have_exact_answers_found_in_the_email()
    {
        var records = fixture.Catalog.Find(BuiltInCatalog.EmailInstructions).Records().Take(300).ToList();
        Assert.Contains(records, r => r.Instruction == EmailTasks.SubjectInstruction);
        Assert.Contains(records, r => r.Instruction == EmailTasks.SenderInstruction);
        Assert.All(records.Where(r => r.Instruction == EmailTasks.SpamInstruction), r => Assert.Contains(r.Output, new[] { "spam", "ham" }));
        Assert.All(records.Where(r => r.Instruction != EmailTasks.SpamInstruction), r => Assert.Contains(r.Output!, r.Input));
    }
}
