using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// A run's metric series in memory, one <see cref="MetricTrack"/> per metric in step order: the newest
/// <see cref="HeldPerMetric"/> points of each one by one, older ones summarised in blocks, so memory stays bounded
/// whatever the run's length. A later attempt that resumes from a checkpoint cuts every series back to that step, so
/// the steps it replays replace the lost attempt's points instead of appearing twice; a cut that goes into a
/// summarised block needs that block's points read back from storage first (<see cref="CutsNeedingReadBack"/>).
/// </summary>
public sealed class MetricBook(int heldPerMetric = MetricBook.HeldPerMetric, IReadOnlySet<string>? only = null)
{
    /// <summary>Points of each metric held one by one (a run of up to this many steps is answered exactly from memory).</summary>
    public const int HeldPerMetric = 8192;

    private readonly Dictionary<string, MetricTrack> _tracks = new(StringComparer.Ordinal);

    /// <summary>A book that never summarises (for a bounded stretch read back from storage, and for tests).</summary>
    public static MetricBook Exact(IReadOnlySet<string>? only = null) => new(int.MaxValue - MetricTrack.BlockPoints, only);

    public IReadOnlyCollection<string> Names => _tracks.Keys;

    public IReadOnlyDictionary<string, MetricTrack> Tracks => _tracks;

    /// <summary>Points and blocks held, over all metrics (what memory grows with).</summary>
    public int Held => _tracks.Values.Sum(t => t.Held.Count + t.Blocks.Count);

    public MetricTrack? Track(string metric) => _tracks.GetValueOrDefault(metric);

    /// <summary>The cuts <paramref name="e"/> makes that go through a summarised block: those blocks' points must be read back before <see cref="Apply"/>.</summary>
    public List<MetricCut> CutsNeedingReadBack(RunEvent e)
    {
        var cuts = new List<MetricCut>();
        foreach (var (metric, step) in Cuts(e))
        {
            if (_tracks[metric].CutThrough(step) is { } block)
                cuts.Add(new MetricCut(metric, step, block));
        }
        return cuts;
    }

    /// <summary>Applies an event; <paramref name="readBack"/> holds, per metric, the points of the blocks <see cref="CutsNeedingReadBack"/> named.</summary>
    public void Apply(RunEvent e, IReadOnlyDictionary<string, List<TrackPoint>>? readBack = null)
    {
        foreach (var (metric, step) in Cuts(e))
            _tracks[metric].CutAfter(step, readBack?.GetValueOrDefault(metric));
        if (e.Type == RunEventTypes.Attempt)
            return;
        foreach (var (name, value) in e.Values)
        {
            if (only is not null && !only.Contains(name))
                continue;
            if (!_tracks.TryGetValue(name, out var track))
                _tracks[name] = track = new MetricTrack(heldPerMetric);
            track.Add(e.Step, value, e.Seq);
        }
    }

    /// <summary>Every point of a metric held one by one (all of them when nothing is summarised).</summary>
    public IReadOnlyList<MetricPoint> Points(string metric) => Track(metric)?.HeldWithin(int.MinValue, int.MaxValue) ?? [];

    public IReadOnlyList<MetricPoint> Range(string metric, int fromStep, int toStep) => Track(metric)?.HeldWithin(fromStep, toStep) ?? [];

    public Dictionary<string, MetricPoint> Latest() =>
        _tracks.Where(t => t.Value.Last is not null).ToDictionary(t => t.Key, t => t.Value.Last!.Value, StringComparer.Ordinal);

    /// <summary>
    /// A metric's points within the steps as memory can give them: exact when held one by one; when summarised and
    /// about <paramref name="readBackUpTo"/> points or fewer, the held part and the stored events to read for the rest;
    /// otherwise a sketch (the blocks' kept points and the held ones).
    /// </summary>
    public MetricSlice Slice(string metric, int from, int to, int readBackUpTo)
    {
        if (Track(metric) is not { } track)
            return new MetricSlice([], 0, true, null);
        if (from >= track.ExactFrom || track.SummarisedSeqs(from, Math.Min(to, track.ExactFrom - 1)) is not { } seqs)
        {
            var held = track.HeldWithin(from, to);
            return new MetricSlice(held, held.Count, true, null);
        }
        var total = track.CountWithin(from, to);
        return total <= readBackUpTo
            ? new MetricSlice(track.HeldWithin(from, to), total, false, new MetricReadBack(metric, seqs.First, seqs.Last, from, Math.Min(to, track.ExactFrom - 1)))
            : new MetricSlice(track.Sketch(from, to), total, false, null);
    }

    /// <summary>Puts a track back as a stored summary had it.</summary>
    public void Restore(string metric, IEnumerable<MetricBlock> blocks, IEnumerable<TrackPoint> held)
    {
        var track = new MetricTrack(heldPerMetric);
        track.Restore(blocks, held);
        _tracks[metric] = track;
    }

    /// <summary>The series <paramref name="e"/> cuts and after which step: an attempt cuts all at its step; a step that comes again cuts its metric before it.</summary>
    private List<(string Metric, int Step)> Cuts(RunEvent e)
    {
        if (e.Type == RunEventTypes.Attempt)
            return [.. _tracks.Keys.Select(metric => (metric, e.Step))];
        var cuts = new List<(string, int)>();
        foreach (var name in e.Values.Keys)
        {
            if (_tracks.TryGetValue(name, out var track) && track.Last is { } last && last.Step >= e.Step)
                cuts.Add((name, e.Step - 1));
        }
        return cuts;
    }
}
