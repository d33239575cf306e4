using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>Answers a <see cref="CurveQuery"/> from a run's metric book: the step range, thinned, with tokens seen per point.</summary>
public static class CurveReader
{
    public static MetricCurve Read(MetricBook book, CurveQuery query)
    {
        query.Check();
        var points = query.FromStep is null && query.ToStep is null
            ? book.Points(query.Metric)
            : book.Range(query.Metric, query.FromStep ?? int.MinValue, query.ToStep ?? int.MaxValue);
        var thinned = query.Downsampling == CurveDownsampling.Lttb
            ? Lttb.Downsample(points, query.Width)
            : MinMaxBuckets.Downsample(points, query.Width);
        var tokens = query.X == CurveAxis.Tokens ? TokensAt(book.Points(MetricNames.Tokens), thinned) : [];
        return new MetricCurve(query.Metric, thinned, points.Count, tokens);
    }

    /// <summary>Tokens seen by each point's step: the tokens series' value at the latest step at or before it (0 before the first).</summary>
    private static long[] TokensAt(IReadOnlyList<MetricPoint> tokens, List<MetricPoint> points)
    {
        if (tokens.Count == 0)
            return [];
        var result = new long[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            int lo = 0, hi = tokens.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (tokens[mid].Step <= points[i].Step)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            result[i] = lo == 0 ? 0 : (long)tokens[lo - 1].Value;
        }
        return result;
    }
}
