using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>A metric shown as a column of the runs grid, as one of its aggregates: <c>validation/loss:best</c>.</summary>
public sealed record MetricColumn(string Metric, MetricAggregate Aggregate)
{
    public string Title => $"{Metric} ({Formats.Lower(Aggregate)})";

    public override string ToString() => $"{Metric}:{Formats.Lower(Aggregate)}";

    /// <summary>Reads <c>metric:aggregate</c> (the aggregate defaults to last); null for text that names no metric.</summary>
    public static MetricColumn? Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        var metric = (colon < 0 ? text : text[..colon]).Trim();
        if (metric.Length == 0)
            return null;
        var aggregate = colon < 0 || !Enum.TryParse<MetricAggregate>(text[(colon + 1)..], ignoreCase: true, out var a) || !Enum.IsDefined(a) ? MetricAggregate.Last : a;
        return new MetricColumn(metric, aggregate);
    }
}
