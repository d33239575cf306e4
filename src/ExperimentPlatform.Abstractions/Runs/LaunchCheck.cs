namespace ExperimentPlatform.Runs;

/// <summary>What a launch would meet: every problem (empty: it would be accepted) and, where the data allows, an estimate.</summary>
[GenerateSerializer, Immutable, Alias("ep.LaunchCheck")]
public sealed record LaunchCheck
{
    [Id(0)] public IReadOnlyList<RunSpecProblem> Problems { get; init; } = [];

    /// <summary>Null when the dataset or the training settings could not be resolved.</summary>
    [Id(1)] public LaunchEstimate? Estimate { get; init; }

    public bool Accepted => Problems.Count == 0;
}
