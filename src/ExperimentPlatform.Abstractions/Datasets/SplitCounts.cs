namespace ExperimentPlatform.Datasets;

/// <summary>How many records of a version fell into each split, with the policy that produced them.</summary>
[GenerateSerializer, Immutable, Alias("ep.SplitCounts")]
public sealed record SplitCounts(
    [property: Id(0)] SplitPolicy Policy,
    [property: Id(1)] long Train,
    [property: Id(2)] long Validation,
    [property: Id(3)] long Test);
