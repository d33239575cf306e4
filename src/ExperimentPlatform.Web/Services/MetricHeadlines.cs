namespace ExperimentPlatform.Web.Services;

/// <summary>The figures worth a glance from a version's or evaluation's many: the primary metric first, test before validation, no confusion-matrix cells.</summary>
public static class MetricHeadlines
{
    public static IEnumerable<KeyValuePair<string, double>> Of(IReadOnlyDictionary<string, double> metrics, string? primary = null) =>
        metrics.Where(m => !m.Key.Contains("/confusion/", StringComparison.Ordinal))
            .OrderBy(m => m.Key == primary ? 0 : m.Key.StartsWith("test/", StringComparison.Ordinal) ? 1 : 2)
            .ThenBy(m => m.Key.Count(c => c == '/'))
            .ThenBy(m => m.Key, StringComparer.Ordinal);
}
