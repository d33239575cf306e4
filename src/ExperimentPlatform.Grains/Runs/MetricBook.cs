using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// A run's metric series in memory, one list per metric in step order. A later attempt that resumes from a
/// checkpoint cuts every series back to that step, so the steps it replays replace the lost attempt's points
/// instead of appearing twice.
/// </summary>
public sealed class MetricBook
{
    private readonly Dictionary<string, List<MetricPoint>> _series = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _series.Keys;

    public void Apply(RunEvent e)
    {
        if (e.Type == RunEventTypes.Attempt)
        {
            foreach (var series in _series.Values)
                CutAfter(series, e.Step);
            return;
        }
        foreach (var (name, value) in e.Values)
        {
            if (!_series.TryGetValue(name, out var series))
                _series[name] = series = [];
            if (series.Count > 0 && series[^1].Step >= e.Step)
                CutAfter(series, e.Step - 1);
            series.Add(new MetricPoint(e.Step, value));
        }
    }

    public IReadOnlyList<MetricPoint> Points(string metric) => _series.TryGetValue(metric, out var series) ? series : [];

    public IReadOnlyList<MetricPoint> Range(string metric, int fromStep, int toStep)
    {
        var series = Points(metric);
        var first = LowerBound(series, fromStep);
        var result = new List<MetricPoint>();
        for (var i = first; i < series.Count && series[i].Step <= toStep; i++)
            result.Add(series[i]);
        return result;
    }

    public Dictionary<string, MetricPoint> Latest() =>
        _series.Where(s => s.Value.Count > 0).ToDictionary(s => s.Key, s => s.Value[^1], StringComparer.Ordinal);

    private static void CutAfter(List<MetricPoint> series, int step)
    {
        var keep = LowerBound(series, step + 1);
        if (keep < series.Count)
            series.RemoveRange(keep, series.Count - keep);
    }

    /// <summary>Index of the first point with a step ≥ <paramref name="step"/>.</summary>
    private static int LowerBound(IReadOnlyList<MetricPoint> series, int step)
    {
        int lo = 0, hi = series.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (series[mid].Step < step)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
