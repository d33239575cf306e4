using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

[Collection(ClusterCollection.Name)]
public sealed class CheckpointStorageTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);

    [Fact]
    public async Task Retention_keeps_the_latest_and_the_best_and_deletes_the_rest_blobs_first()
    {
        var dataset = await _scenario.TextDatasetAsync();
        var spec = RunScenario.TinySpec(dataset, steps: 12) with
        {
            Checkpoints = new CheckpointPolicy { EverySteps = 2, KeepLatest = 2, KeepBestBy = "validation/loss" },
            Training = RunScenario.TinySpec(dataset).Training with { Steps = 12, EvalInterval = 2 },
        };
        var run = await _scenario.WaitForAsync((await _scenario.LaunchAsync(spec)).Id, RunStatus.Completed);

        var best = run.Checkpoints.MinBy(c => c.Metrics["validation/loss"])!;
        Assert.Equal(new[] { 10, 12 }.Union([best.Step]).Order(), run.Checkpoints.Select(c => c.Step));
        var stored = (await new RunBlobStore(fixture.Storage).ListAsync(RunBlobStore.CheckpointsPrefix(run.Id)))
            .Select(n => n[..(n.LastIndexOf('/') + 1)]).Distinct().Order();
        Assert.Equal(run.Checkpoints.Select(c => c.Prefix).Order(), stored);
    }

    [Fact]
    public async Task A_checkpoint_uploaded_but_never_recorded_is_swept_and_recorded_ones_stay()
    {
        var dataset = await _scenario.TextDatasetAsync();
        var run = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(dataset))).Id, RunStatus.Completed);
        // The crash window: the blobs of a checkpoint are in storage, the attempt died before its record was written.
        var orphan = RunBlobStore.CheckpointPrefix(run.Id, 4, run.Attempt);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "partial");
        var blobs = new RunBlobStore(fixture.Storage);
        await blobs.UploadFileAsync(orphan + "model.safetensors", file);
        await blobs.UploadFileAsync(orphan + "trainer.json", file);
        File.Delete(file);

        Assert.Equal(2, await _scenario.Run(run.Id).SweepCheckpointsAsync());
        Assert.Equal(0, await _scenario.Run(run.Id).SweepCheckpointsAsync()); // idempotent
        Assert.Empty(await blobs.ListAsync(orphan));
        foreach (var checkpoint in run.Checkpoints)
            Assert.Equal(checkpoint.Files.Count, (await blobs.ListAsync(checkpoint.Prefix)).Count);
    }

    [Fact]
    public async Task A_record_whose_blobs_retention_deleted_before_a_crash_is_dropped_when_the_run_next_activates()
    {
        var dataset = await _scenario.TextDatasetAsync();
        var run = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(dataset))).Id, RunStatus.Completed);
        // The crash window: retention deleted an old checkpoint's blobs, the process died before the run was saved without it.
        var store = new RunStore(fixture.Storage);
        var (stored, etag) = await store.ReadAsync(run.Id);
        var ghost = stored!.Checkpoints[0] with { Step = 1, Prefix = RunBlobStore.CheckpointPrefix(run.Id, 1, run.Attempt) };
        await store.WriteAsync(stored with { Checkpoints = [ghost, .. stored.Checkpoints] }, etag);

        await fixture.RestartAllSilosAsync();

        var after = await _scenario.Run(run.Id).GetAsync();
        Assert.Equal(run.Checkpoints.Select(c => c.Step), after.Checkpoints.Select(c => c.Step));
        var blobs = new RunBlobStore(fixture.Storage);
        foreach (var checkpoint in after.Checkpoints)
            Assert.Equal(checkpoint.Files.Count, (await blobs.ListAsync(checkpoint.Prefix)).Count);
    }

    [Fact]
    public async Task Token_ids_are_computed_once_per_dataset_and_tokenizer_and_shared_through_blob_storage()
    {
        var dataset = await _scenario.TextDatasetAsync(salt: $" {Guid.NewGuid():N}"); // content no other test tokenized
        var first = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(dataset, steps: 2))).Id, RunStatus.Completed);
        var version = await fixture.Grains.GetGrain<IDatasetGrain>(dataset).GetVersionAsync("v1");
        Assert.NotEmpty(await fixture.Store.ListAsync(DatasetContentStore.TokenPrefix(version.Sha256)));
        // Every worker's local copy gone (as on a worker that never saw this dataset): the next run reads, not tokenizes.
        foreach (var folder in Directory.GetDirectories(ClusterFixture.WorkerRoot))
            if (Directory.Exists(Path.Combine(folder, "tokens", version.Sha256)))
                Directory.Delete(Path.Combine(folder, "tokens", version.Sha256), recursive: true);

        var second = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(dataset, steps: 2) with { Seed = 2 })).Id, RunStatus.Completed);

        var firstLogs = await LogsAsync(first.Id);
        Assert.True(firstLogs.Any(l => l.StartsWith("token ids: 0 texts read", StringComparison.Ordinal)), string.Join(" | ", firstLogs));
        Assert.Contains(await LogsAsync(second.Id), l => l.EndsWith(", 0 tokenized", StringComparison.Ordinal) && !l.StartsWith("token ids: 0 ", StringComparison.Ordinal));
    }

    private async Task<List<string>> LogsAsync(string id) =>
        [.. (await _scenario.Events(id).ReadAsync(0, 10_000, TimeSpan.Zero)).Events.Where(e => e.Type == "log").Select(e => e.Text!)];

    public void Dispose() => _scenario.Dispose();
}
