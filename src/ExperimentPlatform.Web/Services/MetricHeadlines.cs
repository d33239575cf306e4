namespace ExperimentPlatform.Web.Services;

/// <summary>The figures worth a glance from a version's or evaluation's many: the primary metric first, test before validation, confusion-matrix cells last.</summary>
public static class MetricHeadlines
{
    /// <summary>Metric names in reading order: headline figures first, per-class rows after them, confusion-matrix cells at the end.</summary>
    public static IEnumerable<string> Order(IEnumerable<string> metrics, string? primary = null) =>
        metrics.OrderBy(IsConfusionCell)
            .ThenBy(m => m == primary ? 0 : m.StartsWith("test/", StringComparison.Ordinal) ? 1 : 2)
            .ThenBy(m => m.Count(c => c == '/'))
            .ThenBy(m => m, StringComparer.Ordinal);

    /// <summary>The figures without confusion-matrix cells, in <see cref="Order"/>.</summary>
    public static IEnumerable<KeyValuePair<string, double>> Of(IReadOnlyDictionary<string, double> metrics, string? primary = null) =>
        Order(metrics.Keys.Where(m => !IsConfusionCell(m)), primary).Select(m => KeyValuePair.Create(m, metrics[m]));

    public static bool IsConfusionCell(string metric) => metric.Contains("/confusion/", StringComparison.Ordinal);
}
