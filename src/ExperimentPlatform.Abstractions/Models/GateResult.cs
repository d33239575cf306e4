namespace ExperimentPlatform.Models;

/// <summary>A promotion gate's evaluations and verdict.</summary>
[GenerateSerializer, Immutable, Alias("ep.GateResult")]
public sealed record GateResult
{
    /// <summary>The benchmark dataset version both evaluations ran on.</summary>
    [Id(0)] public required string Benchmark { get; init; }
    [Id(1)] public required string Metric { get; init; }

    /// <summary>The evaluation run of the candidate, and of the version the alias points at now (null when it points nowhere).</summary>
    [Id(2)] public required string CandidateRun { get; init; }
    [Id(3)] public string? BaselineRun { get; init; }
    [Id(4)] public int? BaselineVersion { get; init; }

    /// <summary>The evaluations' figures (test split, and validation), once they finished.</summary>
    [Id(5)] public IReadOnlyDictionary<string, double> Candidate { get; init; } = new Dictionary<string, double>();
    [Id(6)] public IReadOnlyDictionary<string, double> Baseline { get; init; } = new Dictionary<string, double>();
    [Id(7)] public IReadOnlyList<GateCheck> Checks { get; init; } = [];

    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);
}
