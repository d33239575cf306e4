using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

/// <summary>The launch form's check: every problem at once, nothing created, and an estimate from earlier runs' throughput.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LaunchCheckTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);

    private ILaunchCheckGrain Check => fixture.Grains.GetGrain<ILaunchCheckGrain>(ILaunchCheckGrain.Key);

    [Fact]
    public async Task A_check_names_every_problem_at_once_and_a_launch_refuses_with_all_of_them()
    {
        var text = await _scenario.TextDatasetAsync("checks");
        var spec = RunScenario.TinySpec(text) with
        {
            Training = RunScenario.TinySpec(text).Training with { LearningRate = 0, BatchSize = -1 },
            Experiment = "my experiment!",
            Resources = new ResourceRequest { Accelerator = "tpu" },
        };

        var check = await Check.CheckAsync(spec);

        Assert.False(check.Accepted);
        Assert.Equal(["experiment", "resources.accelerator", "training.batchSize", "training.learningRate"], check.Problems.Select(p => p.Field).Order());
        Assert.Contains(check.Problems, p => p.Problem.Contains("'tpu' is not one of cpu, cuda, any"));
        var id = RunScenario.NewRunId();
        var refused = await Assert.ThrowsAsync<RunSpecException>(() => _scenario.Run(id).LaunchAsync(spec, "test:alice"));
        Assert.Equal(check.Problems, refused.Problems);
        Assert.Null((await new RunStore(fixture.Storage).ReadAsync(id)).Run);

        // Problems the cluster finds come with the spec's own: an unknown dataset and a bad learning rate together.
        var unknown = await Check.CheckAsync(RunScenario.TinySpec("nothing-here") with { Training = RunScenario.TinySpec(text).Training with { LearningRate = double.NaN } });
        Assert.Equal(["dataset", "training.learningRate"], unknown.Problems.Select(p => p.Field).Order());
        Assert.Contains("no dataset named 'nothing-here'", unknown.Problems.Single(p => p.Field == "dataset").Problem);
        Assert.Null(unknown.Estimate);
    }

    [Fact]
    public async Task A_valid_spec_is_accepted_with_its_size_and_a_duration_once_a_run_of_its_shape_measured_one()
    {
        var text = await _scenario.TextDatasetAsync("estimate");
        // A shape no other test uses, so no earlier run speaks for it.
        var spec = RunScenario.TinySpec(text, steps: 4) with { Model = new ModelShape { Config = "tiny", Layers = 1, Heads = 2, Width = 24, Context = 32 } };
        var dataset = await fixture.Grains.GetGrain<ExperimentPlatform.Datasets.IDatasetGrain>(text).GetVersionAsync("v1");

        var before = await Check.CheckAsync(spec);

        Assert.True(before.Accepted);
        var estimate = before.Estimate!;
        Assert.Equal(4 * 32, estimate.TokensPerStep);
        Assert.Equal(4 * 4 * 32, estimate.TotalTokens);
        Assert.Equal(dataset.Split.Train, estimate.TrainRecords);
        var trainTokens = (long)(dataset.Statistics.Characters * ((double)dataset.Split.Train / dataset.Statistics.Documents));
        Assert.Equal(trainTokens, estimate.TrainTokens);
        Assert.Equal(512.0 / trainTokens, estimate.Epochs!.Value, 6);
        Assert.Null(estimate.Duration);
        Assert.StartsWith("no estimate: no completed pretrain run of 1x24 h2 ctx32", estimate.Basis);

        var run = await _scenario.LaunchAsync(spec);
        var done = await _scenario.WaitForAsync(run.Id, RunStatus.Completed);
        var measured = done.Progress.Summaries[MetricNames.TokensPerSecond].Last;
        await RunScenario.WaitUntilAsync(async () => (await Check.CheckAsync(spec)).Estimate!.Duration is not null, "a duration estimate from the completed run's throughput");

        var after = (await Check.CheckAsync(spec)).Estimate!;
        Assert.Equal(1, after.BasedOnRuns);
        Assert.Equal(measured, after.TokensPerSecond);
        Assert.Equal(512 / measured, after.Duration!.Value.TotalSeconds, 3);
        Assert.Equal("median throughput of 1 completed pretrain run of 1x24 h2 ctx32 on any accelerator", after.Basis);
    }

    public void Dispose() => _scenario.Dispose();
}
