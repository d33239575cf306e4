namespace ExperimentPlatform.Bench;

internal static class Percentiles
{
    public static double Of(List<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static string Describe(List<double> ms) =>
        $"n {ms.Count}, p50 {Of(ms, 50):F1} ms, p90 {Of(ms, 90):F1} ms, p99 {Of(ms, 99):F1} ms, max {ms.DefaultIfEmpty(double.NaN).Max():F1} ms";
}
