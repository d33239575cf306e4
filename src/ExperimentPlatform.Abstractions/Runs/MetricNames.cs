namespace ExperimentPlatform.Runs;

/// <summary>Names of the metrics runs report (which way is better: <see cref="ExperimentPlatform.Models.ModelTasks.LowerIsBetter"/>).</summary>
public static class MetricNames
{
    public const string TrainLoss = "train/loss";
    public const string TokensPerSecond = "train/tokens_per_second";
    public const string Tokens = "train/tokens";
    public const string LearningRate = "train/lr";
    public const string ValidationLoss = "validation/loss";
}
