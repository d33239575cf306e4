namespace ExperimentPlatform.Training.Generation;

/// <summary>How to continue a prompt.</summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 100;

    /// <summary>0 means greedy (always the most likely token).</summary>
    public double Temperature { get; init; }

    /// <summary>Sample only among the k most likely tokens (0: no limit).</summary>
    public int TopK { get; init; }

    /// <summary>Sample only among the most likely tokens whose probabilities add up to p (1: no limit).</summary>
    public double TopP { get; init; } = 1.0;

    public bool StopAtEndOfText { get; init; } = true;

    /// <summary>Seed of the sampling generator (ignored when greedy).</summary>
    public long Seed { get; init; } = 1337;

    /// <summary>Reuse attention keys and values between steps (same result, much less work).</summary>
    public bool UseKvCache { get; init; } = true;
}
