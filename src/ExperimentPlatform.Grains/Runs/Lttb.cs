using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the first and last point and, per bucket,
/// the point that spans the largest triangle with its neighbours — peaks and dips survive, unlike averaging.
/// </summary>
public static class Lttb
{
    public static List<MetricPoint> Downsample(IReadOnlyList<MetricPoint> points, int maxPoints)
    {
        if (maxPoints >= points.Count || points.Count <= 2)
            return [.. points];
        if (maxPoints < 3)
            return maxPoints <= 1 ? [points[^1]] : [points[0], points[^1]];
        var sampled = new List<MetricPoint>(maxPoints) { points[0] };
        var bucketSize = (double)(points.Count - 2) / (maxPoints - 2);
        var a = 0;
        for (var i = 0; i < maxPoints - 2; i++)
        {
            // Average of the next bucket: the third corner of the triangle.
            var nextStart = (int)Math.Floor((i + 1) * bucketSize) + 1;
            var nextEnd = Math.Min((int)Math.Floor((i + 2) * bucketSize) + 1, points.Count);
            double avgX = 0, avgY = 0;
            for (var j = nextStart; j < nextEnd; j++)
            {
                avgX += points[j].Step;
                avgY += points[j].Value;
            }
            var n = Math.Max(1, nextEnd - nextStart);
            avgX /= n;
            avgY /= n;

            var start = (int)Math.Floor(i * bucketSize) + 1;
            var end = (int)Math.Floor((i + 1) * bucketSize) + 1;
            var (ax, ay) = ((double)points[a].Step, points[a].Value);
            var best = start;
            var bestArea = -1.0;
            for (var j = start; j < end; j++)
            {
                var area = Math.Abs((ax - avgX) * (points[j].Value - ay) - (ax - points[j].Step) * (avgY - ay));
                if (area > bestArea)
                {
                    bestArea = area;
                    best = j;
                }
            }
            sampled.Add(points[best]);
            a = best;
        }
        sampled.Add(points[^1]);
        return sampled;
    }
}
