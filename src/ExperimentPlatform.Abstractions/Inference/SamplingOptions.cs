namespace ExperimentPlatform.Inference;

/// <summary>How <c>generate</c> and <c>instruct</c> sample: new tokens, temperature (0: greedy), top-k (0: off), top-p, seed.</summary>
[GenerateSerializer, Immutable, Alias("ep.SamplingOptions")]
public sealed record SamplingOptions
{
    public const int MaxTokensLimit = 2048;

    [Id(0)] public int MaxTokens { get; init; } = 50;
    [Id(1)] public double Temperature { get; init; } = 0.8;
    [Id(2)] public int TopK { get; init; } = 40;
    [Id(3)] public double TopP { get; init; } = 1.0;
    [Id(4)] public long Seed { get; init; } = 1337;

    /// <summary>The first out-of-range field as (field, problem), or null.</summary>
    public (string Field, string Problem)? Problem() =>
        MaxTokens is < 1 or > MaxTokensLimit ? ("maxTokens", $"is {MaxTokens}; it must be 1 to {MaxTokensLimit}")
        : !double.IsFinite(Temperature) || Temperature < 0 ? ("temperature", $"is {Temperature}; it must be 0 (greedy) or more")
        : TopK < 0 ? ("topK", $"is {TopK}; it must be 0 (off) or more")
        : !double.IsFinite(TopP) || TopP is <= 0 or > 1 ? ("topP", $"is {TopP}; it must be more than 0 and at most 1")
        : null;
}
