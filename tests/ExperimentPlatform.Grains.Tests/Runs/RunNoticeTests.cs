using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

/// <summary>A run's stored write stands and is what its caller is told, even when telling the run list fails.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RunNoticeTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);

    [Fact]
    public async Task A_launch_whose_run_list_notice_fails_is_accepted_kept_and_listed_by_the_next_sync()
    {
        var dataset = await _scenario.TextDatasetAsync("notice");
        var id = RunScenario.NewRunId();

        RunDetails launched;
        using (var lost = CallFaults.Fail(nameof(IRunIndexGrain.UpsertAsync), argument => argument is RunSummary run && run.Id == id))
        {
            launched = await _scenario.Run(id).LaunchAsync(RunScenario.TinySpec(dataset, steps: 2), "test:alice");
            Assert.True(lost.Fired > 0, "the run list's notice was not lost");
        }

        Assert.Equal(id, launched.Id);
        // Stored and referenced as launched: the dataset version still knows the run, nothing was undone.
        var references = (await fixture.Grains.GetGrain<ExperimentPlatform.Datasets.IDatasetGrain>(dataset).GetAsync()).References;
        Assert.Contains($"run:{id}", references.Values.SelectMany(r => r));
        // The run list learns of it from the run table at its next sync, and the run trains to the end.
        await RunScenario.WaitUntilAsync(async () => (await fixture.Grains.GetGrain<IRunIndexGrain>(IRunIndexGrain.Key).ListAsync(new RunQuery { Search = id })).Total == 1, $"the run list to show {id} after its sync");
        await _scenario.WaitForAsync(id, RunStatus.Completed);
    }

    public void Dispose() => _scenario.Dispose();
}
