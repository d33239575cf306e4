using System.Text.Json;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Tests.Runs;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>What the dataset pages read: a searched, paged list and record previews with their splits.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DatasetBrowseTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);

    [Fact]
    public async Task A_preview_pages_through_records_with_the_split_each_fell_into()
    {
        var name = await _scenario.TextDatasetAsync("preview");
        var dataset = fixture.Grains.GetGrain<IDatasetGrain>(name);
        var version = await dataset.GetVersionAsync("v1");

        var page = await dataset.PreviewAsync("v1", 290, 20);

        Assert.Equal((290L, 300L, 10), (page.Offset, page.Total, page.Records.Count));
        Assert.StartsWith("Document 290 ", JsonDocument.Parse(page.Records[0]).RootElement.GetProperty("text").GetString());
        Assert.Equal(10, page.Splits.Count);
        var all = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => dataset.PreviewAsync("v1", i * 100, 100)));
        var splits = all.SelectMany(p => p.Splits).ToList();
        Assert.Equal((version.Split.Train, version.Split.Validation, version.Split.Test),
            ((long)splits.Count(s => s == "train"), (long)splits.Count(s => s == "validation"), (long)splits.Count(s => s == "test")));
        Assert.Empty((await dataset.PreviewAsync("v1", 300, 5)).Records);
        var bad = await Assert.ThrowsAsync<DatasetInputException>(() => dataset.PreviewAsync("v1", 0, 101));
        Assert.Contains("count must be between 1 and 100, not 101", bad.Message);
    }

    [Fact]
    public async Task The_list_is_searched_filtered_by_kind_sorted_and_paged_on_the_server()
    {
        var marker = $"browse{Guid.NewGuid():N}"[..12];
        var text = await _scenario.TextDatasetAsync(marker + "t");
        var mail = await _scenario.ClassificationDatasetAsync(marker + "m");
        var registry = fixture.Grains.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key);
        await RunScenario.WaitUntilAsync(async () => (await registry.QueryAsync(new DatasetQuery { Search = marker })).Total == 2, $"both datasets marked {marker} in the registry");

        var both = await registry.QueryAsync(new DatasetQuery { Search = marker.ToUpperInvariant(), Sort = "records" });
        Assert.Equal([text, mail], both.Datasets.Select(d => d.Name)); // 300 records before 60
        var classification = await registry.QueryAsync(new DatasetQuery { Search = marker, Kind = DatasetKind.Classification });
        Assert.Equal(mail, Assert.Single(classification.Datasets).Name);
        var second = await registry.QueryAsync(new DatasetQuery { Search = marker, Sort = "name", PageSize = 1, Page = 1 });
        Assert.Equal((2, new[] { text }.Concat([mail]).Order(StringComparer.Ordinal).Last()), (second.Total, Assert.Single(second.Datasets).Name));
        var bad = await Assert.ThrowsAsync<DatasetInputException>(() => registry.QueryAsync(new DatasetQuery { Sort = "size" }));
        Assert.Contains("sort 'size' is not one of name, created, records, tokens", bad.Message);
    }

    public void Dispose() => _scenario.Dispose();
}
