using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// What a run log keeps of consecutive points of one metric once they are no longer held one by one: their step and
/// sequence ranges, how many there were, and the first, last, lowest and highest point. The extremes make a chart
/// drawn from blocks keep every spike; the sequence range says which stored events to read for full resolution.
/// </summary>
public readonly record struct MetricBlock(
    int FirstStep, int LastStep, int Count, long FirstSeq, long LastSeq, MetricPoint First, MetricPoint Last, MetricPoint Min, MetricPoint Max)
{
    /// <summary>The block of <paramref name="count"/> points from <paramref name="start"/> (in step order).</summary>
    public static MetricBlock Of(List<TrackPoint> points, int start, int count)
    {
        var first = points[start];
        var last = points[start + count - 1];
        MetricPoint min = first.Point, max = first.Point;
        long firstSeq = first.Seq, lastSeq = first.Seq;
        for (var i = start; i < start + count; i++)
        {
            var p = points[i];
            min = Lower(min, p.Point);
            max = Higher(max, p.Point);
            firstSeq = Math.Min(firstSeq, p.Seq);
            lastSeq = Math.Max(lastSeq, p.Seq);
        }
        return new MetricBlock(first.Step, last.Step, count, firstSeq, lastSeq, first.Point, last.Point, min, max);
    }

    /// <summary>This block and the one right after it, as one.</summary>
    public MetricBlock Merge(MetricBlock next) => new(
        FirstStep, next.LastStep, Count + next.Count, Math.Min(FirstSeq, next.FirstSeq), Math.Max(LastSeq, next.LastSeq),
        First, next.Last, Lower(Min, next.Min), Higher(Max, next.Max));

    /// <summary>The block's distinct kept points within <paramref name="from"/>..<paramref name="to"/>, in step order.</summary>
    public IEnumerable<MetricPoint> Kept(int from, int to)
    {
        MetricPoint[] kept = [First, Min, Max, Last];
        Array.Sort(kept, (a, b) => a.Step.CompareTo(b.Step));
        var previous = int.MinValue;
        foreach (var point in kept)
        {
            if (point.Step == previous || point.Step < from || point.Step > to)
                continue;
            previous = point.Step;
            yield return point;
        }
    }

    /// <summary>About how many of the block's points lie within <paramref name="from"/>..<paramref name="to"/> (spread evenly over its steps).</summary>
    public int CountWithin(int from, int to)
    {
        if (from <= FirstStep && to >= LastStep)
            return Count;
        var low = Math.Max(from, FirstStep);
        var high = Math.Min(to, LastStep);
        if (low > high)
            return 0;
        var span = (double)LastStep - FirstStep + 1;
        return Math.Max(1, (int)Math.Round(Count * ((high - (double)low + 1) / span)));
    }

    // A finite value wins over a NaN (a diverged loss), so a block's extremes stay drawable; an all-NaN block keeps its first.
    private static MetricPoint Lower(MetricPoint a, MetricPoint b) => b.Value < a.Value || (double.IsNaN(a.Value) && !double.IsNaN(b.Value)) ? b : a;

    private static MetricPoint Higher(MetricPoint a, MetricPoint b) => b.Value > a.Value || (double.IsNaN(a.Value) && !double.IsNaN(b.Value)) ? b : a;
}
