namespace ExperimentPlatform.Runs;

/// <summary>A metric's points by step; <see cref="TotalPoints"/> is how many exist before downsampling.</summary>
[GenerateSerializer, Immutable, Alias("ep.MetricSeries")]
public sealed record MetricSeries(
    [property: Id(0)] string Metric,
    [property: Id(1)] IReadOnlyList<MetricPoint> Points,
    [property: Id(2)] int TotalPoints);
