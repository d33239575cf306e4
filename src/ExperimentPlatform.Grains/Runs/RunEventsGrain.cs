using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// A run's event log: each appended batch is written to Blob storage first and published second (sequence
/// numbers, memory, watchers), so a reader never sees an event that is not stored. Watchers long-poll
/// <see cref="ReadAsync"/>: a call returns as soon as an event after its position exists. Long-polling (rather
/// than an Orleans stream or observer) needs no subscription to renew, survives the grain moving to another silo,
/// and gives HTTP's server-sent events and the client's IAsyncEnumerable the same resumable cursor (the sequence).
/// </summary>
public sealed class RunEventsGrain(RunBlobStore blobs) : Grain, IRunEventsGrain
{
    private readonly List<RunEvent> _events = [];
    private readonly MetricBook _metrics = new();
    private TaskCompletionSource _arrived = NewSignal();
    private bool _ended;

    private string RunId => this.GetPrimaryKeyString();

    private long LastSeq => _events.Count == 0 ? 0 : _events[^1].Seq;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var e in await blobs.ReadEventsAsync(RunId, cancellationToken))
            Publish(e);
    }

    public async Task<long> AppendAsync(IReadOnlyList<RunEvent> events)
    {
        if (events.Count == 0)
            return LastSeq;
        var first = LastSeq + 1;
        var numbered = events.Select((e, i) => e with { Seq = first + i }).ToList();
        await blobs.WriteEventsAsync(RunId, numbered);
        foreach (var e in numbered)
            Publish(e);
        var signal = _arrived;
        _arrived = NewSignal();
        signal.TrySetResult();
        return LastSeq;
    }

    public async Task<RunEventPage> ReadAsync(long afterSeq, int max, TimeSpan wait)
    {
        max = Math.Clamp(max, 1, 10_000);
        if (LastSeq <= afterSeq && !_ended && wait > TimeSpan.Zero)
        {
            var arrived = _arrived.Task;
            await Task.WhenAny(arrived, Task.Delay(wait > TimeSpan.FromSeconds(20) ? TimeSpan.FromSeconds(20) : wait));
        }
        var start = FirstAfter(afterSeq);
        var page = _events.Skip(start).Take(max).ToList();
        var last = page.Count > 0 ? page[^1].Seq : Math.Max(afterSeq, 0);
        return new RunEventPage(page, last, _ended && last >= LastSeq);
    }

    public Task<MetricSeries> GetSeriesAsync(string metric, int maxPoints)
    {
        var points = _metrics.Points(metric);
        return Task.FromResult(new MetricSeries(metric, Lttb.Downsample(points, Math.Max(1, maxPoints)), points.Count));
    }

    public Task<MetricSeries> GetRangeAsync(string metric, int fromStep, int toStep)
    {
        var points = _metrics.Range(metric, fromStep, toStep);
        return Task.FromResult(new MetricSeries(metric, points, points.Count));
    }

    public Task<IReadOnlyDictionary<string, MetricPoint>> GetLatestAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, MetricPoint>>(_metrics.Latest());

    public Task<IReadOnlyList<string>> GetMetricNamesAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. _metrics.Names.Order(StringComparer.Ordinal)]);

    private void Publish(RunEvent e)
    {
        _events.Add(e);
        _metrics.Apply(e);
        if (e.Type == "status")
            _ended = Enum.TryParse<RunStatus>(e.Text?.Split(':')[0], ignoreCase: true, out var status) && status.IsTerminal();
    }

    private int FirstAfter(long seq)
    {
        int lo = 0, hi = _events.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_events[mid].Seq <= seq)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
