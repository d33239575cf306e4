namespace ExperimentPlatform.Runs;

/// <summary>
/// One metric of a run, sized for a chart: the steps <see cref="FromStep"/>..<see cref="ToStep"/> (all when null),
/// thinned on the server to at most <see cref="Width"/> points when there are more, with tokens seen per point when
/// the x axis is <see cref="CurveAxis.Tokens"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.CurveQuery")]
public sealed record CurveQuery
{
    public const int MaxWidth = 100_000;

    [Id(0)] public required string Metric { get; init; }

    /// <summary>The most points answered (about the chart's width in pixels; min/max keeps two per bucket).</summary>
    [Id(1)] public int Width { get; init; } = 1000;
    [Id(2)] public int? FromStep { get; init; }
    [Id(3)] public int? ToStep { get; init; }
    [Id(4)] public CurveDownsampling Downsampling { get; init; } = CurveDownsampling.MinMax;
    [Id(5)] public CurveAxis X { get; init; } = CurveAxis.Step;

    /// <summary>Refuses a query that cannot be answered, naming the field.</summary>
    public void Check()
    {
        RunSpecRules.Require(!string.IsNullOrWhiteSpace(Metric), "metric", "is empty; name a metric such as train/loss");
        RunSpecRules.Require(Width is >= 2 and <= MaxWidth, "width", $"must lie in 2..{MaxWidth}, got {Width}");
        RunSpecRules.Require(Enum.IsDefined(Downsampling), "downsample", $"'{Downsampling}' is not one of min-max, lttb");
        RunSpecRules.Require(Enum.IsDefined(X), "x", $"'{X}' is not one of step, tokens");
        RunSpecRules.Require(FromStep is null || ToStep is null || FromStep <= ToStep, "from",
            $"is {FromStep}, after to ({ToStep}); give from ≤ to");
    }
}
