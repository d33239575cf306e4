namespace ExperimentPlatform.Datasets;

/// <summary>
/// How a version's records are divided into train / validation / test. Assignment is a pure function of
/// the seed and each record's content, so the same content and policy always give the same split.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.SplitPolicy")]
public sealed record SplitPolicy
{
    /// <summary>The 85/5/10 split common in LM fine-tuning recipes, seed 42.</summary>
    public static SplitPolicy Default { get; } = new();

    [Id(0)] public double Train { get; init; } = 0.85;
    [Id(1)] public double Validation { get; init; } = 0.05;
    [Id(2)] public double Test { get; init; } = 0.10;
    [Id(3)] public ulong Seed { get; init; } = 42;

    /// <summary>Returns the reason this policy is unusable, or null when it is valid.</summary>
    public string? Problem()
    {
        if (Train < 0 || Validation < 0 || Test < 0)
            return "split fractions must not be negative";
        if (Math.Abs(Train + Validation + Test - 1.0) > 1e-6)
            return $"split fractions must add up to 1 (got {Train} + {Validation} + {Test})";
        if (Train <= 0)
            return "the train fraction must be above 0";
        return null;
    }
}
