using ExperimentPlatform.Grains.Runs.Journal;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// A run's event log: each appended batch is stored first (in this silo's <see cref="EventJournal"/>, which writes
/// the appends of all runs on the silo together and later compacts them into the run's own batches) and published
/// second (sequence numbers, memory, watchers), so a reader never sees an event that is not stored. Watchers long-poll
/// <see cref="ReadAsync"/>: a call returns as soon as an event after its position exists. Long-polling (rather
/// than an Orleans stream or observer) needs no subscription to renew, survives the grain moving to another silo,
/// and gives HTTP's server-sent events and the client's IAsyncEnumerable the same resumable cursor (the sequence).
/// Memory stays bounded: the metric series as compact points, and only the most recent events themselves; a reader
/// further behind is served from the stored batches.
/// </summary>
public sealed class RunEventsGrain(RunBlobStore blobs, EventJournal journal, JournalCatchUp catchUp, ILogger<RunEventsGrain> logger)
    : Grain, IRunEventsGrain
{
    /// <summary>Events kept in memory (older ones are read back from their batches).</summary>
    public const int RecentEvents = 20_000;

    private readonly List<RunEvent> _recent = [];
    private readonly MetricBook _metrics = new();
    private TaskCompletionSource _arrived = NewSignal();
    private long _lastSeq;
    private bool _ended;

    private string RunId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await catchUp.CatchUpAsync(RunId, cancellationToken);
        await foreach (var e in blobs.ReadEventsAfterAsync(RunId, 0, cancellationToken))
            Publish(e);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(EventJournal.StopBudget);
            await journal.CompactAsync(RunId, budget.Token);
        }
        catch (Exception e)
        {
            // The events stay in this silo's journal, which compacts them later; the next activation asks for them first.
            logger.LogWarning(e, "Compacting run {Run}'s events on deactivation failed", RunId);
        }
    }

    public async Task<long> AppendAsync(IReadOnlyList<RunEvent> events)
    {
        if (events.Count == 0)
            return _lastSeq;
        var first = _lastSeq + 1;
        var numbered = events.Select((e, i) => e with { Seq = first + i }).ToList();
        await journal.AppendAsync(RunId, numbered);
        foreach (var e in numbered)
            Publish(e);
        var signal = _arrived;
        _arrived = NewSignal();
        signal.TrySetResult();
        return _lastSeq;
    }

    public async Task<RunEventPage> ReadAsync(long afterSeq, int max, TimeSpan wait)
    {
        max = Math.Clamp(max, 1, 10_000);
        afterSeq = Math.Max(afterSeq, 0);
        if (_lastSeq <= afterSeq && !_ended && wait > TimeSpan.Zero)
            await Task.WhenAny(_arrived.Task, Task.Delay(wait > TimeSpan.FromSeconds(20) ? TimeSpan.FromSeconds(20) : wait));
        var page = _recent.Count > 0 && afterSeq + 1 >= _recent[0].Seq
            ? _recent.Skip(FirstAfter(afterSeq)).Take(max).ToList()
            : await ReadStoredAsync(afterSeq, max);
        var last = page.Count > 0 ? page[^1].Seq : Math.Min(afterSeq, _lastSeq);
        return new RunEventPage(page, last, _ended && last >= _lastSeq);
    }

    public Task<MetricSeries> GetSeriesAsync(string metric, int maxPoints)
    {
        var points = _metrics.Points(metric);
        return Task.FromResult(new MetricSeries(metric, Lttb.Downsample(points, Math.Max(1, maxPoints)), points.Count));
    }

    public Task<MetricCurve> GetCurveAsync(CurveQuery query) => Task.FromResult(CurveReader.Read(_metrics, query));

    public Task<MetricSeries> GetRangeAsync(string metric, int fromStep, int toStep)
    {
        var points = _metrics.Range(metric, fromStep, toStep);
        return Task.FromResult(new MetricSeries(metric, points, points.Count));
    }

    public Task<IReadOnlyDictionary<string, MetricPoint>> GetLatestAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, MetricPoint>>(_metrics.Latest());

    public Task<IReadOnlyList<string>> GetMetricNamesAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. _metrics.Names.Order(StringComparer.Ordinal)]);

    public Task<long> GetHeadAsync() => Task.FromResult(_lastSeq);

    private void Publish(RunEvent e)
    {
        _lastSeq = e.Seq;
        _metrics.Apply(e);
        if (e.Type == RunEventTypes.Status)
            _ended = (e.Status ?? (RunStatusText.TryParse(e.Text, out var written) ? (RunStatus?)written : null)) is { } status && status.IsTerminal();
        _recent.Add(e);
        if (_recent.Count > RecentEvents + RecentEvents / 4)
            _recent.RemoveRange(0, _recent.Count - RecentEvents);
    }

    /// <summary>Events older than the in-memory window, from the batches that hold them (compacted first, so all are there).</summary>
    private async Task<List<RunEvent>> ReadStoredAsync(long afterSeq, int max)
    {
        await journal.CompactAsync(RunId);
        var page = new List<RunEvent>();
        await foreach (var e in blobs.ReadEventsAfterAsync(RunId, afterSeq))
        {
            page.Add(e);
            if (page.Count >= max)
                break;
        }
        return page;
    }

    private int FirstAfter(long seq)
    {
        int lo = 0, hi = _recent.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_recent[mid].Seq <= seq)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
