using System.Text.Json;
using ExperimentPlatform.Training.Engine;

namespace ExperimentPlatform.Cli.Output;

/// <summary>
/// <c>--json</c>: one JSON object per line on stdout. Steps: <c>{"event":"step","step":1,"loss":…}</c> (step is
/// 1-based); then <c>eval</c>, <c>sample</c>, <c>checkpoint</c> events and a final <c>summary</c>.
/// </summary>
public sealed class JsonLinesObserver(TextWriter output) : ITrainingObserver
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void OnStep(StepReport report) => Write(new
    {
        @event = "step", step = report.Step, loss = report.Loss, lr = report.LearningRate, grad_norm = report.GradientNorm,
        tokens = report.Tokens, tokens_per_second = report.TokensPerSecond,
    });

    public void OnEvaluation(EvaluationReport report) => Write(new { @event = "eval", step = report.Step, split = report.Split, metrics = report.Metrics });

    public void OnSample(SampleReport report) => Write(new { @event = "sample", step = report.Step, prompt = report.Prompt, text = report.Text });

    public void OnCheckpoint(CheckpointReport report) => Write(new { @event = "checkpoint", step = report.Step, path = report.Path, seconds = report.Seconds });

    public void Summary(TrainingSummary s) => Write(new
    {
        @event = "summary", step = s.Step, paused = s.Paused, tokens = s.Tokens, loss = s.LastLoss, seconds = s.Seconds, checkpoint = s.Checkpoint,
        peak_rss_mib = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0),
        eval = s.FinalEvaluation.ToDictionary(e => e.Split, e => e.Metrics),
        token_cache = s.TokenCache is { } cache ? new { path = cache.Path, hits = cache.Hits, misses = cache.Misses } : null,
    });

    private void Write(object value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, Options));
        output.Flush();
    }
}
