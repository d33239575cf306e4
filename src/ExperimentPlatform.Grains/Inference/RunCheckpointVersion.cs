using ExperimentPlatform.Grains.Models;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Inference;

/// <summary>
/// A run's checkpoint described as the model servers know a version: the servers need only its checkpoint, task,
/// tokenizer and classes, and route by its reference (<c>run:{id}@{step}</c>), so one worker keeps it warm in the same
/// bounded cache as registered versions. It is never stored or listed in the registry.
/// </summary>
public static class RunCheckpointVersion
{
    public const string Prefix = "run:";

    public static async Task<(ModelVersion Version, string ChosenBy)> ResolveAsync(IGrainFactory grains, RunCheckpoint at)
    {
        if (at is null || string.IsNullOrWhiteSpace(at.Run))
            throw new ModelInputException("run", "is empty; name the run whose checkpoint answers");
        RunDetails run;
        try
        {
            run = await grains.GetGrain<IRunGrain>(at.Run).GetAsync();
        }
        catch (RunNotFoundException)
        {
            throw new ModelInputException("run", $"no run '{at.Run}'");
        }
        var (checkpoint, chosenBy) = CheckpointChooser.Choose(run, at.Choice, at.Step, requireCompleted: false);
        var version = new ModelVersion
        {
            Model = Prefix + run.Id, Version = checkpoint.Step, Task = ModelTasks.For(run.Spec.Kind), Run = run.Id, Checkpoint = checkpoint,
            ChosenBy = chosenBy, Metrics = checkpoint.Metrics, Dataset = run.Dataset, Config = run.Spec, Tokenizer = run.Spec.Tokenizer,
            ContextLength = run.ContextLength, Classes = run.Classes, CodeVersion = run.Assignment?.CodeVersion ?? "unknown",
            RegisteredBy = run.CreatedBy, RegisteredAt = run.CreatedAt,
        };
        return (version, chosenBy);
    }
}
