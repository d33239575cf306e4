namespace ExperimentPlatform.Runs;

/// <summary>Names of the metrics runs report, and which way is better.</summary>
public static class MetricNames
{
    public const string TrainLoss = "train/loss";
    public const string TokensPerSecond = "train/tokens_per_second";
    public const string Tokens = "train/tokens";
    public const string LearningRate = "train/lr";
    public const string ValidationLoss = "validation/loss";

    /// <summary>Losses and perplexities: lower is better. Everything else (accuracy, F1, exact match): higher is.</summary>
    public static bool LowerIsBetter(string metric) =>
        metric.EndsWith("loss", StringComparison.Ordinal) || metric.EndsWith("perplexity", StringComparison.Ordinal);
}
