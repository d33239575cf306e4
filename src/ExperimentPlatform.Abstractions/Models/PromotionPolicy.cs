namespace ExperimentPlatform.Models;

/// <summary>
/// What a version must show before an alias moves to it: measured on the model's benchmark by an evaluation run, its
/// primary metric may be worse than the version the alias points at now by at most <see cref="MaxRegression"/>, and
/// every threshold must hold. Aliases in <see cref="ProtectedAliases"/> also need an approver who is not the requester.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.PromotionPolicy")]
public sealed record PromotionPolicy
{
    /// <summary>A dataset (<c>name</c>, <c>name@version</c>) whose test split is the benchmark; null: the candidate's own training dataset version.</summary>
    [Id(0)] public string? Benchmark { get; init; }

    /// <summary>Null: <c>test/accuracy</c> for classifiers, <c>test/perplexity</c> for foundations, <c>test/exact_match</c> for instruct models.</summary>
    [Id(1)] public string? PrimaryMetric { get; init; }

    /// <summary>How much worse (absolute, in the metric's units) than the current version the candidate may be.</summary>
    [Id(2)] public double MaxRegression { get; init; }

    /// <summary>Metric → bound: a minimum for metrics where higher is better, a maximum for losses and perplexities.</summary>
    [Id(3)] public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    [Id(4)] public IReadOnlyList<string> ProtectedAliases { get; init; } = [ModelAliases.Production];

    public string MetricFor(ModelTask task) => PrimaryMetric ?? task switch
    {
        ModelTask.Classifier => "test/accuracy",
        ModelTask.Foundation => "test/perplexity",
        _ => "test/exact_match",
    };
}
