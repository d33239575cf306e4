namespace ExperimentPlatform.Runs;

/// <summary>
/// One metric over a run's whole series: its last, smallest and largest value with the step of each, kept as the run
/// reports, so a run list can show and sort by any of them without reading series.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.MetricSummary")]
public sealed record MetricSummary(
    [property: Id(0)] double Last,
    [property: Id(1)] int LastStep,
    [property: Id(2)] double Min,
    [property: Id(3)] int MinStep,
    [property: Id(4)] double Max,
    [property: Id(5)] int MaxStep)
{
    public static MetricSummary First(int step, double value) => new(value, step, value, step, value, step);

    /// <summary>This summary with one more point. A non-finite value (a diverged loss) is the last, never the min or max.</summary>
    public MetricSummary With(int step, double value)
    {
        var next = this with { Last = value, LastStep = step };
        if (!double.IsFinite(value))
            return next;
        if (!double.IsFinite(Min) || value < Min)
            next = next with { Min = value, MinStep = step };
        if (!double.IsFinite(Max) || value > Max)
            next = next with { Max = value, MaxStep = step };
        return next;
    }

    /// <summary>The value and its step for <paramref name="aggregate"/> of the metric named <paramref name="metric"/>.</summary>
    public MetricPoint Of(MetricAggregate aggregate, string metric) => aggregate switch
    {
        MetricAggregate.Min => new MetricPoint(MinStep, Min),
        MetricAggregate.Max => new MetricPoint(MaxStep, Max),
        MetricAggregate.Best => ExperimentPlatform.Models.ModelTasks.LowerIsBetter(metric) ? new MetricPoint(MinStep, Min) : new MetricPoint(MaxStep, Max),
        _ => new MetricPoint(LastStep, Last),
    };
}
