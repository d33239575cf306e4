using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>Which checkpoints a run keeps: the latest K, the best by the policy's metric, and any another run starts from.</summary>
public static class CheckpointRetention
{
    public static IReadOnlyList<CheckpointRecord> Dropped(RunDetails run)
    {
        var policy = run.Spec.Checkpoints;
        var keep = new HashSet<CheckpointRecord>(run.Checkpoints.OrderByDescending(c => c.Step).Take(policy.KeepLatest));
        if (policy.KeepBestBy is { } metric && Best(run.Checkpoints, metric) is { } best)
            keep.Add(best);
        return [.. run.Checkpoints.Where(c => !keep.Contains(c) && !run.CheckpointReferences.ContainsKey(c.Step))];
    }

    private static CheckpointRecord? Best(IReadOnlyList<CheckpointRecord> checkpoints, string metric)
    {
        var lowerIsBetter = metric.EndsWith("loss", StringComparison.Ordinal) || metric.EndsWith("perplexity", StringComparison.Ordinal);
        var scored = checkpoints.Where(c => c.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v));
        return lowerIsBetter ? scored.MinBy(c => c.Metrics[metric]) : scored.MaxBy(c => c.Metrics[metric]);
    }
}
