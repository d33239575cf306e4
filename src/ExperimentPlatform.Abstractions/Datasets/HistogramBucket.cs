namespace ExperimentPlatform.Datasets;

/// <summary>Records whose length in characters lies in [<see cref="From"/>, <see cref="To"/>).</summary>
[GenerateSerializer, Immutable, Alias("ep.HistogramBucket")]
public sealed record HistogramBucket(
    [property: Id(0)] long From,
    [property: Id(1)] long To,
    [property: Id(2)] long Count);
