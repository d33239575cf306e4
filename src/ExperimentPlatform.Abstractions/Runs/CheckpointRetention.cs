namespace ExperimentPlatform.Runs;

/// <summary>Which checkpoints a run keeps: the latest K, the best by the policy's metric, and any another run (or a model version) starts from.</summary>
public static class CheckpointRetention
{
    public static IReadOnlyList<CheckpointRecord> Dropped(RunDetails run)
    {
        var kept = KeptBecause(run);
        return [.. run.Checkpoints.Where(c => kept[c.Step].Count == 0)];
    }

    /// <summary>For each checkpoint's step, why retention keeps it (empty: it goes at the next retention).</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<string>> KeptBecause(RunDetails run)
    {
        var policy = run.Spec.Checkpoints;
        var latest = run.Checkpoints.OrderByDescending(c => c.Step).Take(policy.KeepLatest).Select(c => c.Step).ToHashSet();
        var best = policy.KeepBestBy is { } metric ? Best(run.Checkpoints, metric)?.Step : null;
        return run.Checkpoints.ToDictionary(c => c.Step, c =>
        {
            var reasons = new List<string>();
            if (latest.Contains(c.Step))
                reasons.Add($"latest {policy.KeepLatest}");
            if (best == c.Step)
                reasons.Add($"best {policy.KeepBestBy}");
            if (run.CheckpointReferences.TryGetValue(c.Step, out var users))
                reasons.AddRange(users.Select(u => $"used by {u}"));
            return (IReadOnlyList<string>)reasons;
        });
    }

    private static CheckpointRecord? Best(IReadOnlyList<CheckpointRecord> checkpoints, string metric)
    {
        var scored = checkpoints.Where(c => c.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v));
        return ExperimentPlatform.Models.ModelTasks.LowerIsBetter(metric) ? scored.MinBy(c => c.Metrics[metric]) : scored.MaxBy(c => c.Metrics[metric]);
    }
}
