using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

[Collection(ClusterCollection.Name)]
public sealed class RunLifecycleTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);

    [Fact]
    public async Task A_launched_run_trains_on_a_worker_in_its_own_process_and_completes_with_metrics_and_checkpoints()
    {
        var dataset = await _scenario.TextDatasetAsync();
        var launched = await _scenario.LaunchAsync(RunScenario.TinySpec(dataset));
        Assert.Equal(RunStatus.Queued, launched.Status);
        Assert.Equal($"{dataset}@v1", launched.Dataset.ToString());

        var done = await _scenario.WaitForAsync(launched.Id, RunStatus.Completed);

        Assert.Equal(6, done.Progress.Step);
        Assert.Equal(1, done.Attempt);
        Assert.Contains(fixture.Cluster.Silos, s => s.SiloAddress.ToParsableString() == done.Assignment!.Silo);
        Assert.Equal([RunStatus.Queued, RunStatus.Starting, RunStatus.Running, RunStatus.Completed], done.Transitions.Select(t => t.To).Distinct());
        var losses = await _scenario.LossesAsync(done.Id);
        Assert.Equal([1, 2, 3, 4, 5, 6], losses.Select(p => p.Step));
        Assert.All(losses, p => Assert.True(double.IsFinite(p.Value)));
        var latest = await _scenario.Events(done.Id).GetLatestAsync();
        Assert.Contains("validation/loss", latest.Keys);
        Assert.Equal(6, latest["validation/loss"].Step);
        // Checkpoints every 3 steps, latest 2 kept: steps 3 and 6, with their blobs.
        Assert.Equal([3, 6], done.Checkpoints.Select(c => c.Step));
        Assert.All(done.Checkpoints, c => Assert.Contains("model.safetensors", c.Files));
        Assert.True(done.Checkpoints[^1].Bytes > 10_000);
        // Its log's status events say each status as a field (and in words with the reason); the last says it ended.
        var log = await _scenario.Events(done.Id).ReadAsync(0, 1000, TimeSpan.Zero);
        var statuses = log.Events.Where(e => e.Type == RunEventTypes.Status).ToList();
        Assert.Equal([RunStatus.Queued, RunStatus.Starting, RunStatus.Running, RunStatus.Completed], statuses.Select(e => e.Status!.Value).Distinct());
        Assert.StartsWith("completed: ", statuses[^1].Text);
        // The training process is named in the log, for whoever must find it on the worker.
        Assert.Contains(log.Events, e => e.Type == RunEventTypes.Log && e.Text!.StartsWith("training process ", StringComparison.Ordinal));
        // The dataset version cannot be deleted under the run.
        await Assert.ThrowsAsync<ExperimentPlatform.Datasets.DatasetConflictException>(
            () => fixture.Grains.GetGrain<ExperimentPlatform.Datasets.IDatasetGrain>(dataset).DeleteVersionAsync("v1", "test:alice"));
    }

    public void Dispose() => _scenario.Dispose();
}
