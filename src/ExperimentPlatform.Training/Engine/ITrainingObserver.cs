namespace ExperimentPlatform.Training.Engine;

/// <summary>One optimizer step. <see cref="Step"/> is 1-based.</summary>
public sealed record StepReport(int Step, float Loss, double LearningRate, double GradientNorm, long Tokens, double TokensPerSecond);

/// <summary>Metrics of one evaluation, by split ("validation", "test") and name ("loss", "perplexity", "accuracy", …).</summary>
public sealed record EvaluationReport(int Step, string Split, IReadOnlyDictionary<string, double> Metrics);

public sealed record SampleReport(int Step, string Prompt, string Text);

/// <summary>A checkpoint written to <paramref name="Path"/>; <paramref name="Seconds"/>: how long the training thread stood still for it.</summary>
public sealed record CheckpointReport(int Step, string Path, double Seconds = 0);

/// <summary>Receives a run's progress; the CLI prints it, the run grain stores and streams it.</summary>
public interface ITrainingObserver
{
    void OnStep(StepReport report) { }
    void OnEvaluation(EvaluationReport report) { }
    void OnSample(SampleReport report) { }
    void OnCheckpoint(CheckpointReport report) { }
}

/// <summary>Collects everything it is told (tests, summaries).</summary>
public sealed class RecordingObserver : ITrainingObserver
{
    public List<StepReport> Steps { get; } = [];
    public List<EvaluationReport> Evaluations { get; } = [];
    public List<SampleReport> Samples { get; } = [];
    public List<CheckpointReport> Checkpoints { get; } = [];

    public void OnStep(StepReport report) => Steps.Add(report);
    public void OnEvaluation(EvaluationReport report) => Evaluations.Add(report);
    public void OnSample(SampleReport report) => Samples.Add(report);
    public void OnCheckpoint(CheckpointReport report) => Checkpoints.Add(report);
}
