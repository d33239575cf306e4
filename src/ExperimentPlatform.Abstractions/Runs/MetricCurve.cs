namespace ExperimentPlatform.Runs;

/// <summary>
/// A metric's points for a chart. <see cref="TotalPoints"/> is how many the range holds before thinning (equal to the
/// points' count: full resolution). <see cref="Tokens"/> holds the tokens seen at each point's step when the query's
/// x axis was tokens and the run recorded them (empty otherwise).
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.MetricCurve")]
public sealed record MetricCurve(
    [property: Id(0)] string Metric,
    [property: Id(1)] IReadOnlyList<MetricPoint> Points,
    [property: Id(2)] int TotalPoints,
    [property: Id(3)] IReadOnlyList<long> Tokens)
{
    public bool FullResolution => Points.Count == TotalPoints;
}
