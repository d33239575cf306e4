using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Models;

/// <summary>
/// Picks a run's checkpoint by <see cref="CheckpointChoice"/>: the one at a step, the latest, or the best by the
/// run's primary metric. One rule for registering a version and for answering from a run.
/// </summary>
public static class CheckpointChooser
{
    /// <param name="requireCompleted">Registering takes best or latest only from a completed run (its latest is final); inference takes them from any run.</param>
    public static (CheckpointRecord Checkpoint, string ChosenBy) Choose(RunDetails run, CheckpointChoice choice, int? step, bool requireCompleted)
    {
        Require(Enum.IsDefined(choice), "choice", $"'{choice}' is not one of best, latest, step");
        Require((choice == CheckpointChoice.Step) == (step is not null), "step",
            step is null ? "is required when the choice is step" : "applies only when the choice is step");
        if (choice == CheckpointChoice.Step)
        {
            var at = run.Checkpoints.FirstOrDefault(c => c.Step == step);
            Require(at is not null, "step", run.Checkpoints.Count == 0
                ? $"run {run.Id} has no checkpoint"
                : $"run {run.Id} has no checkpoint at step {step} (it keeps: {string.Join(", ", run.Checkpoints.Select(c => c.Step))})");
            return (at!, $"step {at!.Step}");
        }
        Require(!requireCompleted || run.Status == RunStatus.Completed, "run",
            $"run {run.Id} is {run.Status.ToString().ToLowerInvariant()}, not completed; name a checkpoint step to register from an unfinished run");
        Require(run.Checkpoints.Count > 0, "run", $"run {run.Id} has no checkpoint yet (it writes one every {run.Spec.Checkpoints.EverySteps} steps and at its end)");
        if (choice == CheckpointChoice.Latest)
            return (run.LatestCheckpoint!, "latest");
        var metric = ModelTasks.PrimaryMetric(run.Spec);
        var scored = run.Checkpoints.Where(c => c.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v)).ToList();
        var known = run.Checkpoints.SelectMany(c => c.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        Require(scored.Count > 0, "choice", known.Count == 0
            ? $"no checkpoint of run {run.Id} carries evaluation figures, so none is best by '{metric}' (the run evaluated nothing: evaluation interval 0, or no validation split); choose latest or a step"
            : $"no checkpoint of run {run.Id} has '{metric}' (its checkpoints have: {string.Join(", ", known)}); choose latest or a step");
        var best = ModelTasks.LowerIsBetter(metric) ? scored.MinBy(c => c.Metrics[metric])! : scored.MaxBy(c => c.Metrics[metric])!;
        return (best, $"best by {metric}");
    }

    private static void Require(bool condition, string field, string problem)
    {
        if (!condition)
            throw new ModelInputException(field, problem);
    }
}
