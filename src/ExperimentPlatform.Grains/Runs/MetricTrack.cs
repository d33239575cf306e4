using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// One metric of a run log, in bounded memory whatever the run's length: the newest points one by one (at most
/// <see cref="RawLimit"/> plus one block), older ones as <see cref="MetricBlock"/>s of <see cref="BlockPoints"/>
/// points, and when there are more than <see cref="MaxBlocks"/> blocks, neighbours merge in pairs. Every point is in
/// exactly one place: blocks cover the steps before <see cref="ExactFrom"/>, the held points those from it on.
/// </summary>
public sealed class MetricTrack(int rawLimit)
{
    public const int BlockPoints = 256;
    public const int MaxBlocks = 2048;

    private readonly List<MetricBlock> _blocks = [];
    private readonly List<TrackPoint> _raw = [];

    public int RawLimit => rawLimit;

    /// <summary>How many points the series has (held and summarised).</summary>
    public int Count { get; private set; }

    public IReadOnlyList<MetricBlock> Blocks => _blocks;

    public IReadOnlyList<TrackPoint> Held => _raw;

    /// <summary>The first step from which every point is held one by one (int.MinValue when none is summarised).</summary>
    public int ExactFrom => _blocks.Count == 0 ? int.MinValue : _blocks[^1].LastStep + 1;

    public MetricPoint? Last => _raw.Count > 0 ? _raw[^1].Point : _blocks.Count > 0 ? _blocks[^1].Last : null;

    /// <summary>Adds a point after every point held (the caller cuts first when a step comes again).</summary>
    public void Add(int step, double value, long seq)
    {
        _raw.Add(new TrackPoint(step, value, seq));
        Count++;
        if (_raw.Count >= rawLimit + BlockPoints)
            Seal();
    }

    /// <summary>
    /// The summarised block that keeping only steps ≤ <paramref name="step"/> cuts through: its points must be read
    /// back from storage (<see cref="CutAfter"/> takes them). Null when the cut needs nothing read.
    /// </summary>
    public MetricBlock? CutThrough(int step)
    {
        if (_blocks.Count == 0 || step >= _blocks[^1].LastStep)
            return null;
        var index = LastBlockStartingAtOrBefore(step);
        return index >= 0 && _blocks[index].LastStep > step ? _blocks[index] : null;
    }

    /// <summary>Keeps the points with step ≤ <paramref name="step"/>; <paramref name="readBack"/> holds the points of the block the cut goes through (<see cref="CutThrough"/>).</summary>
    public void CutAfter(int step, IReadOnlyList<TrackPoint>? readBack)
    {
        if (_blocks.Count == 0 || step >= _blocks[^1].LastStep)
        {
            var keep = UpperBound(_raw, step);
            Count -= _raw.Count - keep;
            _raw.RemoveRange(keep, _raw.Count - keep);
            return;
        }
        Count -= _raw.Count;
        _raw.Clear();
        while (_blocks.Count > 0 && _blocks[^1].FirstStep > step)
            DropLastBlock();
        if (_blocks.Count == 0 || _blocks[^1].LastStep <= step)
            return;
        var cut = _blocks[^1];
        if (readBack is null)
            throw new InvalidOperationException($"cutting after step {step} goes through the block of steps {cut.FirstStep}..{cut.LastStep}, whose points were not read back");
        DropLastBlock();
        foreach (var point in readBack)
        {
            if (point.Step >= cut.FirstStep && point.Step <= step)
            {
                _raw.Add(point);
                Count++;
            }
        }
    }

    /// <summary>Held points within the steps (all of which must be at or after <see cref="ExactFrom"/> to be the whole range).</summary>
    public List<MetricPoint> HeldWithin(int from, int to)
    {
        var result = new List<MetricPoint>();
        for (var i = LowerBound(_raw, from); i < _raw.Count && _raw[i].Step <= to; i++)
            result.Add(_raw[i].Point);
        return result;
    }

    /// <summary>About how many points the series has within the steps.</summary>
    public int CountWithin(int from, int to)
    {
        var count = 0;
        foreach (var block in Overlapping(from, to))
            count += block.CountWithin(from, to);
        return count + HeldCountWithin(from, to);
    }

    /// <summary>The kept points of the blocks within the steps, then the held ones: the series' shape with every extreme.</summary>
    public List<MetricPoint> Sketch(int from, int to)
    {
        var result = new List<MetricPoint>();
        foreach (var block in Overlapping(from, to))
            result.AddRange(block.Kept(from, to));
        result.AddRange(HeldWithin(from, to));
        return result;
    }

    /// <summary>The stored events that hold the summarised points within the steps: sequence range, or null when none is summarised there.</summary>
    public (long First, long Last)? SummarisedSeqs(int from, int to)
    {
        (long First, long Last)? span = null;
        foreach (var block in Overlapping(from, to))
            span = span is { } s ? (Math.Min(s.First, block.FirstSeq), Math.Max(s.Last, block.LastSeq)) : (block.FirstSeq, block.LastSeq);
        return span;
    }

    /// <summary>The series' value at a step: the latest point at or before it, between kept points of a block by linear interpolation; 0 before the first.</summary>
    public double ValueAt(int step)
    {
        if (step >= ExactFrom)
        {
            var after = UpperBound(_raw, step);
            if (after > 0)
                return _raw[after - 1].Value;
            if (_blocks.Count == 0)
                return 0;
            return _blocks[^1].Last.Value;
        }
        var index = LastBlockStartingAtOrBefore(step);
        if (index < 0)
            return 0;
        var block = _blocks[index];
        if (step >= block.LastStep)
            return block.Last.Value;
        var kept = block.Kept(int.MinValue, int.MaxValue).ToList();
        for (var i = kept.Count - 1; i >= 0; i--)
        {
            if (kept[i].Step > step)
                continue;
            if (kept[i].Step == step || i == kept.Count - 1)
                return kept[i].Value;
            var (a, b) = (kept[i], kept[i + 1]);
            return a.Value + (b.Value - a.Value) * (step - a.Step) / (b.Step - a.Step);
        }
        return block.First.Value;
    }

    /// <summary>Puts back what <see cref="Blocks"/>, <see cref="Held"/> and <see cref="Count"/> said (a stored summary).</summary>
    public void Restore(IEnumerable<MetricBlock> blocks, IEnumerable<TrackPoint> held)
    {
        _blocks.Clear();
        _raw.Clear();
        _blocks.AddRange(blocks);
        _raw.AddRange(held);
        Count = _blocks.Sum(b => b.Count) + _raw.Count;
    }

    private void Seal()
    {
        _blocks.Add(MetricBlock.Of(_raw, 0, BlockPoints));
        _raw.RemoveRange(0, BlockPoints);
        if (_blocks.Count <= MaxBlocks)
            return;
        var merged = new List<MetricBlock>(MaxBlocks / 2 + 1);
        for (var i = 0; i < _blocks.Count; i += 2)
            merged.Add(i + 1 < _blocks.Count ? _blocks[i].Merge(_blocks[i + 1]) : _blocks[i]);
        _blocks.Clear();
        _blocks.AddRange(merged);
    }

    private void DropLastBlock()
    {
        Count -= _blocks[^1].Count;
        _blocks.RemoveAt(_blocks.Count - 1);
    }

    private IEnumerable<MetricBlock> Overlapping(int from, int to)
    {
        if (_blocks.Count == 0 || from > _blocks[^1].LastStep)
            yield break;
        for (var i = Math.Max(0, LastBlockStartingAtOrBefore(from)); i < _blocks.Count && _blocks[i].FirstStep <= to; i++)
        {
            if (_blocks[i].LastStep >= from)
                yield return _blocks[i];
        }
    }

    private int HeldCountWithin(int from, int to) => Math.Max(0, UpperBound(_raw, to) - LowerBound(_raw, from));

    /// <summary>Index of the last block whose first step is ≤ <paramref name="step"/>, or -1.</summary>
    private int LastBlockStartingAtOrBefore(int step) => FirstPast(_blocks.Count, i => _blocks[i].FirstStep > step) - 1;

    /// <summary>Index of the first held point with a step &gt; <paramref name="step"/>.</summary>
    private static int UpperBound(List<TrackPoint> points, int step) => FirstPast(points.Count, i => points[i].Step > step);

    /// <summary>Index of the first held point with a step ≥ <paramref name="step"/>.</summary>
    private static int LowerBound(List<TrackPoint> points, int step) => FirstPast(points.Count, i => points[i].Step >= step);

    /// <summary>The first of 0..<paramref name="count"/>-1 for which <paramref name="past"/> holds (it holds for all after it), or <paramref name="count"/>.</summary>
    private static int FirstPast(int count, Func<int, bool> past)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (past(mid))
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }
}
