using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>Answers a <see cref="CurveQuery"/>: the range's points thinned to the chart's width, with tokens seen per point.</summary>
public static class CurveReader
{
    /// <summary>From memory alone: every point where the book holds them one by one, else the blocks' kept points.</summary>
    public static MetricCurve Read(MetricBook book, CurveQuery query)
    {
        query.Check();
        var slice = book.Slice(query.Metric, query.FromStep ?? int.MinValue, query.ToStep ?? int.MaxValue, readBackUpTo: 0);
        return Read(book, query, slice.Points, slice.Total);
    }

    /// <summary><paramref name="points"/> (the range's, or a sketch of them) thinned; <paramref name="total"/>: how many the range holds.</summary>
    public static MetricCurve Read(MetricBook book, CurveQuery query, IReadOnlyList<MetricPoint> points, int total)
    {
        var thinned = query.Downsampling == CurveDownsampling.Lttb
            ? Lttb.Downsample(points, query.Width)
            : MinMaxBuckets.Downsample(points, query.Width);
        var tokens = query.X == CurveAxis.Tokens && book.Track(MetricNames.Tokens) is { Count: > 0 } seen
            ? thinned.Select(p => (long)seen.ValueAt(p.Step)).ToArray()
            : [];
        return new MetricCurve(query.Metric, thinned, total, tokens);
    }
}
