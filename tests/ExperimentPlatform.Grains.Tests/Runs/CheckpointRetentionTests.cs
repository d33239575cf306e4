using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

public sealed class CheckpointRetentionTests
{
    [Fact]
    public void Keeps_the_latest_the_best_by_its_metric_and_every_checkpoint_another_run_starts_from()
    {
        // validation/loss by step: the best (lowest) is at step 20.
        var losses = new Dictionary<int, double> { [10] = 3.0, [20] = 1.5, [30] = 2.5, [40] = 2.0, [50] = 2.2, [60] = 2.1 };
        var run = Run(losses, keepLatest: 2, keepBestBy: "validation/loss", referenced: [30]);

        Assert.Equal([10, 40], CheckpointRetention.Dropped(run).Select(c => c.Step));
    }

    [Fact]
    public void Higher_is_better_for_metrics_other_than_losses_and_runs_without_the_metric_keep_only_the_latest()
    {
        var accuracy = new Dictionary<int, double> { [10] = 0.6, [20] = 0.9, [30] = 0.7 };
        Assert.Equal([10], CheckpointRetention.Dropped(Run(accuracy, 1, "validation/accuracy", [])).Select(c => c.Step));
        Assert.Equal([10, 20], CheckpointRetention.Dropped(Run(accuracy, 1, "validation/f1/spam", [])).Select(c => c.Step));
    }

    [Fact]
    public void Each_kept_checkpoint_says_why_as_the_run_page_shows_it()
    {
        var losses = new Dictionary<int, double> { [10] = 3.0, [20] = 1.5, [30] = 2.5, [40] = 2.0 };
        var kept = CheckpointRetention.KeptBecause(Run(losses, keepLatest: 1, keepBestBy: "validation/loss", referenced: [30]));

        Assert.Equal(["best validation/loss"], kept[20]);
        Assert.Equal(["used by run-y"], kept[30]);
        Assert.Equal(["latest 1"], kept[40]);
        Assert.Empty(kept[10]);
    }

    [Fact]
    public void A_metric_summary_keeps_last_min_and_max_with_their_steps_and_a_diverged_value_is_never_the_best()
    {
        var summary = MetricSummary.First(1, 4.0).With(2, 2.0).With(3, double.NaN).With(4, 3.0);

        Assert.Equal(new MetricSummary(3.0, 4, 2.0, 2, 4.0, 1), summary);
        Assert.Equal(new MetricPoint(2, 2.0), summary.Of(MetricAggregate.Best, "validation/loss"));
        Assert.Equal(new MetricPoint(1, 4.0), summary.Of(MetricAggregate.Best, "validation/accuracy"));
        Assert.Equal(double.NaN, MetricSummary.First(5, double.NaN).With(6, double.NaN).Last);
        Assert.Equal((1.0, 7), (MetricSummary.First(5, double.NaN).With(7, 1.0).Min, MetricSummary.First(5, double.NaN).With(7, 1.0).MinStep));
    }

    private static RunDetails Run(Dictionary<int, double> metric, int keepLatest, string keepBestBy, int[] referenced)
    {
        var name = keepBestBy.StartsWith("validation/f1", StringComparison.Ordinal) ? "validation/accuracy" : keepBestBy;
        return new RunDetails
        {
            Id = "run-x", Spec = new RunSpec { Dataset = "d", Checkpoints = new CheckpointPolicy { KeepLatest = keepLatest, KeepBestBy = keepBestBy } },
            Status = RunStatus.Running, CreatedBy = "test:alice", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            Dataset = new DatasetVersionRef("d", "v1", new string('0', 64)),
            Checkpoints = [.. metric.Select(m => new CheckpointRecord
            {
                Step = m.Key, Attempt = 1, Prefix = $"run-x/checkpoints/step-{m.Key:D6}-a1/", Files = ["model.safetensors"], Bytes = 1,
                Metrics = new Dictionary<string, double> { [name] = m.Value }, CreatedAt = DateTimeOffset.UtcNow,
            })],
            CheckpointReferences = referenced.ToDictionary(s => s, _ => (IReadOnlyList<string>)["run-y"]),
        };
    }
}
