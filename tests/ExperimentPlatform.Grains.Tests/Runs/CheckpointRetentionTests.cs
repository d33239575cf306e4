using ExperimentPlatform.Grains.Runs;
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
