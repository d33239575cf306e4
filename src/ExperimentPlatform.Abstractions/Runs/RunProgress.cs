namespace ExperimentPlatform.Runs;

/// <summary>Where a run stands: its last step and the latest value of every metric it reported.</summary>
[GenerateSerializer, Immutable, Alias("ep.RunProgress")]
public sealed record RunProgress
{
    [Id(0)] public int Step { get; init; }
    [Id(1)] public long Tokens { get; init; }

    /// <summary>Latest values, e.g. <c>train/loss</c>, <c>train/tokens_per_second</c>, <c>validation/accuracy</c>.</summary>
    [Id(2)] public IReadOnlyDictionary<string, double> Latest { get; init; } = new Dictionary<string, double>();
}
