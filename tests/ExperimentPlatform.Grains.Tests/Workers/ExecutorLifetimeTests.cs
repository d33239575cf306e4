using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Grains.Tests.Runs;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Workers;

/// <summary>An attempt's executor lets go of its activation when the attempt ends: a worker does not collect one per attempt.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ExecutorLifetimeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Executor_activations_return_to_none_after_100_attempts_end()
    {
        var worker = (await fixture.Grains.GetGrain<IRunSchedulerGrain>(IRunSchedulerGrain.Key).GetWorkersAsync())[0].Silo;
        var prefix = $"exec-{Guid.NewGuid():N}"[..13];
        // Attempts that end at once: their dataset's blobs do not exist, so each supervisor fails before any process starts.
        await Task.WhenAll(Enumerable.Range(1, 100).Select(attempt => fixture.Grains.GetGrain<IRunExecutorGrain>($"{prefix}/{attempt}/{worker}").StartAsync(new ExecutionOrder
        {
            RunId = prefix, Attempt = attempt, Spec = RunScenario.TinySpec("none"), DatasetSha256 = new string('0', 64),
            ContentBlob = $"missing/{prefix}/content.jsonl", SplitBlob = $"missing/{prefix}/split.bin", Accelerator = "cpu",
        })));

        await RunScenario.WaitUntilAsync(async () => await ActivationsAsync(prefix) == 0,
            $"the 100 executors of {prefix} to deactivate once their attempts ended", TimeSpan.FromSeconds(30));
    }

    private async Task<int> ActivationsAsync(string prefix)
    {
        var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Count(s => s.GrainType.Contains(nameof(Grains.Workers.RunExecutorGrain), StringComparison.Ordinal)
            && s.GrainId.Key.ToString()!.StartsWith(prefix, StringComparison.Ordinal));
    }
}
