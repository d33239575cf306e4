using System.Text;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ChunkedUploadTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_file_sent_in_chunks_becomes_a_version_and_chunks_out_of_order_are_refused()
    {
        var name = DatasetScenario.NewName("chunks");
        var lines = Enumerable.Range(0, 60_000).Select(i => $"{{\"text\": \"line {i} of a file larger than one chunk\"}}").ToList();
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));
        Assert.True(bytes.Length > 2 * IDatasetUploadGrain.ChunkBytes);
        var upload = fixture.Grains.GetGrain<IDatasetUploadGrain>(Guid.NewGuid());
        await upload.StartAsync("big.jsonl");
        var chunks = bytes.Chunk(IDatasetUploadGrain.ChunkBytes).ToList();
        var skipped = await Assert.ThrowsAsync<DatasetInputException>(() => upload.AppendAsync(1, chunks[1]));
        Assert.Contains("chunk 0 was expected", skipped.Message);
        for (var i = 0; i < chunks.Count; i++)
            await upload.AppendAsync(i, chunks[i]);

        // Completing starts the import as a job and returns at once; the version exists once the job ended.
        var job = await upload.CompleteAsync(name, DatasetScenario.FromPath("", DatasetKind.Text));
        Assert.Equal((DatasetImportStatus.Importing, "upload big.jsonl"), (job.Status, job.Source));
        var version = await DatasetImports.WaitAsync(fixture.Grains.GetGrain<IDatasetGrain>(name), job);

        Assert.Equal(60_000, version.Statistics.Documents);
        Assert.Equal("upload:big.jsonl", version.Source);
        Assert.DoesNotContain(await fixture.Store.ListAsync("uploads/"), n => n.EndsWith("/big.jsonl", StringComparison.Ordinal));
    }
}
