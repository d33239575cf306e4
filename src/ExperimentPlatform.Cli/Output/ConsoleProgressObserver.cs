using ExperimentPlatform.Training.Engine;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Output;

/// <summary>Human progress: a live bar with loss and throughput, evaluations and samples as they come.</summary>
public sealed class ConsoleProgressObserver(ProgressTask task, int firstStep) : ITrainingObserver
{
    public void OnStep(StepReport report)
    {
        task.Value = report.Step - firstStep;
        task.Description = $"step {report.Step} loss [bold]{report.Loss:F4}[/] lr {report.LearningRate:E2} {report.TokensPerSecond:N0} tok/s";
    }

    public void OnEvaluation(EvaluationReport report) =>
        AnsiConsole.MarkupLine($"[blue]eval[/] step {report.Step} {report.Split}: " +
            string.Join("  ", report.Metrics.Where(m => !m.Key.Contains('/')).Select(m => $"{m.Key} {m.Value:F4}")));

    public void OnSample(SampleReport report) =>
        AnsiConsole.MarkupLine($"[grey]sample[/] step {report.Step}: {Markup.Escape(report.Prompt + report.Text)}");

    public void OnCheckpoint(CheckpointReport report) => AnsiConsole.MarkupLine($"[green]checkpoint[/] {Markup.Escape(report.Path)}");
}
