using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// Min/max downsampling: the first and last point, and per bucket of consecutive steps its lowest and its highest
/// point in step order. Unlike LTTB, which keeps one point per bucket, no extreme of the series is ever dropped: a
/// loss spike of one step is on the chart at any width.
/// </summary>
public static class MinMaxBuckets
{
    public static List<MetricPoint> Downsample(IReadOnlyList<MetricPoint> points, int maxPoints)
    {
        if (maxPoints >= points.Count || points.Count <= 2)
            return [.. points];
        if (maxPoints < 4)
            return maxPoints <= 1 ? [points[^1]] : [points[0], points[^1]];
        var interior = points.Count - 2;
        var buckets = (maxPoints - 2) / 2;
        var sampled = new List<MetricPoint>(maxPoints) { points[0] };
        for (var b = 0; b < buckets; b++)
        {
            var start = 1 + (int)((long)b * interior / buckets);
            var end = 1 + (int)((long)(b + 1) * interior / buckets);
            if (start >= end)
                continue;
            int low = start, high = start;
            for (var i = start + 1; i < end; i++)
            {
                if (points[i].Value < points[low].Value)
                    low = i;
                if (points[i].Value > points[high].Value)
                    high = i;
            }
            // Non-finite values (a diverged loss) are kept as they are: the chart shows the gap.
            sampled.Add(points[Math.Min(low, high)]);
            if (low != high)
                sampled.Add(points[Math.Max(low, high)]);
        }
        sampled.Add(points[^1]);
        return sampled;
    }
}
