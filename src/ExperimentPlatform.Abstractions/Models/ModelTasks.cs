using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Models;

/// <summary>How tasks relate to run kinds and which metric ranks a task's checkpoints.</summary>
public static class ModelTasks
{
    public static ModelTask For(RunKind kind) => kind switch
    {
        RunKind.Pretrain => ModelTask.Foundation,
        RunKind.Classify => ModelTask.Classifier,
        RunKind.Instruct => ModelTask.Instruct,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown run kind"),
    };

    /// <summary>The kind of run whose checkpoints make versions of a <paramref name="task"/> model (the inverse of <see cref="For"/>).</summary>
    public static RunKind KindOf(ModelTask task) => task switch
    {
        ModelTask.Foundation => RunKind.Pretrain,
        ModelTask.Classifier => RunKind.Classify,
        ModelTask.Instruct => RunKind.Instruct,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown model task"),
    };

    /// <summary>
    /// The metric "best" means for a run: its checkpoint policy's <c>keepBestBy</c> when set, else validation accuracy
    /// for classifiers and validation loss for the others.
    /// </summary>
    public static string PrimaryMetric(RunSpec spec) =>
        spec.Checkpoints.KeepBestBy ?? (spec.Kind == RunKind.Classify ? "validation/accuracy" : "validation/loss");

    /// <summary>Losses and perplexities fall as models improve; every other metric (accuracy, F1, exact match) rises.</summary>
    public static bool LowerIsBetter(string metric) =>
        metric.EndsWith("loss", StringComparison.Ordinal) || metric.EndsWith("perplexity", StringComparison.Ordinal);

    public static string Describe(ModelTask task) => task.ToString().ToLowerInvariant();
}
