using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

[Collection(ClusterCollection.Name)]
public sealed class RunIndexTests(ClusterFixture fixture)
{
    private IRunIndexGrain Index => fixture.Grains.GetGrain<IRunIndexGrain>(IRunIndexGrain.Key);

    [Fact]
    public async Task A_run_written_without_its_list_update_appears_in_the_list_after_one_sync()
    {
        // As if the process died between the run's write and its notice to the list.
        var run = Row(RunScenario.NewRunId(), "repair", RunStatus.Completed, 0.5);
        await new RunStore(fixture.Storage).WriteAsync(run, default);

        await RunScenario.WaitUntilAsync(async () =>
            (await Index.ListAsync(new RunQuery { Experiment = "repair" })).Runs.Any(r => r.Id == run.Id), $"the run list's sync to find {run.Id} written behind its back", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task The_list_filters_sorts_by_metric_and_pages_on_the_server()
    {
        var experiment = $"list-{Guid.NewGuid():N}"[..13];
        var store = new RunStore(fixture.Storage);
        var losses = new[] { 3.0, 1.0, 2.0, 5.0, 4.0 };
        for (var i = 0; i < losses.Length; i++)
        {
            var row = Row($"{RunScenario.NewRunId()}{i}"[..28], experiment, i == 4 ? RunStatus.Failed : RunStatus.Completed, losses[i]);
            await store.WriteAsync(row, default);
            await Index.UpsertAsync(RunSummary.Of(row));
        }

        var byLoss = await Index.ListAsync(new RunQuery { Experiment = experiment, Sort = "metric", Metric = "validation/loss", PageSize = 2, Page = 1 });
        Assert.Equal(5, byLoss.Total);
        Assert.Equal([3.0, 4.0], byLoss.Runs.Select(r => r.Metrics["validation/loss"]));
        var failed = await Index.ListAsync(new RunQuery { Experiment = experiment, Status = RunStatus.Failed });
        Assert.Equal(4.0, Assert.Single(failed.Runs).Metrics["validation/loss"]);
        var bad = await Assert.ThrowsAsync<RunSpecException>(() => Index.ListAsync(new RunQuery { PageSize = 10_000 }));
        Assert.Equal("pageSize", bad.Field);
        var experiments = await Index.ListExperimentsAsync();
        Assert.Equal(4, experiments.Single(e => e.Name == experiment).ByStatus[RunStatus.Completed]);
    }

    [Fact]
    public async Task The_list_sorts_by_a_metrics_min_max_or_best_and_finds_runs_by_free_text()
    {
        var experiment = $"agg-{Guid.NewGuid():N}"[..12];
        var store = new RunStore(fixture.Storage);
        // Three runs' validation losses over time: the last value and the best (lowest) differ in order.
        double[][] curves = [[3.0, 1.0, 2.5], [2.0, 1.5, 1.6], [4.0, 2.0, 0.9]];
        var ids = new List<string>();
        for (var i = 0; i < curves.Length; i++)
        {
            var row = Row($"{RunScenario.NewRunId()}{i}"[..28], experiment, RunStatus.Completed, 0);
            var progress = new RunProgress().With(curves[i].Select((v, step) => new RunEvent
            {
                Type = RunEventTypes.Eval, Step = (step + 1) * 10, Values = new Dictionary<string, double> { ["validation/loss"] = v },
            }));
            row = row with { Progress = progress, Spec = row.Spec with { Description = i == 1 ? "Baseline with a WARM start" : "", Tags = i == 2 ? ["sweep-7"] : [] } };
            await store.WriteAsync(row, default);
            await Index.UpsertAsync(RunSummary.Of(row));
            ids.Add(row.Id);
        }

        async Task<List<string>> Sorted(MetricAggregate aggregate, bool reverse = false) =>
            [.. (await Index.ListAsync(new RunQuery { Experiment = experiment, Sort = RunSorts.Metric, Metric = "validation/loss", Aggregate = aggregate, Reverse = reverse })).Runs.Select(r => r.Id)];

        // Lower is better for a loss: ascending. Last 2.5, 1.6, 0.9; min 1.0, 1.5, 0.9; max 3.0, 2.0, 4.0.
        Assert.Equal([ids[2], ids[1], ids[0]], await Sorted(MetricAggregate.Last));
        Assert.Equal([ids[2], ids[0], ids[1]], await Sorted(MetricAggregate.Min));
        Assert.Equal([ids[2], ids[0], ids[1]], await Sorted(MetricAggregate.Best));
        Assert.Equal([ids[1], ids[0], ids[2]], await Sorted(MetricAggregate.Max));
        Assert.Equal([ids[0], ids[1], ids[2]], await Sorted(MetricAggregate.Last, reverse: true));
        var summary = (await Index.ListAsync(new RunQuery { Experiment = experiment, Search = "warm start" })).Runs.Single();
        Assert.Equal(ids[1], summary.Id);
        Assert.Equal(new MetricSummary(1.6, 30, 1.5, 20, 2.0, 10), summary.Summaries["validation/loss"]);
        Assert.Equal(ids[2], (await Index.ListAsync(new RunQuery { Experiment = experiment, Search = "SWEEP" })).Runs.Single().Id);
        var bad = await Assert.ThrowsAsync<RunSpecException>(() => Index.ListAsync(new RunQuery { Sort = "loss" }));
        Assert.Equal("sort", bad.Field);
    }

    private static RunDetails Row(string id, string experiment, RunStatus status, double loss) => new()
    {
        Id = id, Spec = new RunSpec { Dataset = "d", Experiment = experiment }, Status = status, CreatedBy = "test:alice",
        CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Dataset = new DatasetVersionRef("d", "v1", new string('0', 64)),
        Progress = new RunProgress { Step = 10, Latest = new Dictionary<string, double> { ["validation/loss"] = loss } },
    };
}
