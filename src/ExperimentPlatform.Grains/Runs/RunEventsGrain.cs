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
/// <para>
/// Memory is bounded whatever the run's length: the metric series as a <see cref="MetricBook"/> (the newest points one
/// by one, older ones in blocks that keep their extremes), and only the most recent events themselves; a reader
/// further behind, or a zoom into summarised steps, is served from the stored batches. The log loads from its
/// stored <see cref="RunLogSummary"/> (rewritten every <see cref="SummaryEvery"/> events and on deactivation) and
/// replays only the events after it; a log without one has no stored batch, and one its run just created reads nothing.
/// </para>
/// </summary>
public sealed class RunEventsGrain(RunBlobStore blobs, EventJournal journal, JournalCatchUp catchUp, LegacyRunLogs legacy, ILogger<RunEventsGrain> logger)
    : Grain, IRunEventsGrain
{
    /// <summary>Events kept in memory (older ones are read back from their batches).</summary>
    public const int RecentEvents = 2_000;

    /// <summary>Events between stored summaries while the log takes appends.</summary>
    public const int SummaryEvery = 20_000;

    /// <summary>A curve's summarised steps are read back at full resolution when they hold at most this many points.</summary>
    public const int CurveReadBackPoints = 20_000;

    /// <summary>The most points a full-resolution range returns.</summary>
    public const int MaxRangePoints = 100_000;

    private readonly List<RunEvent> _recent = [];
    private readonly HashSet<string> _journals = new(StringComparer.Ordinal);
    private MetricBook _metrics = new();
    private TaskCompletionSource _arrived = NewSignal();
    private Task _summaryWrites = Task.CompletedTask;
    private Task? _loading;
    private bool _summaryStored;
    private long _lastSeq;
    private long _summarySeq = -1;
    private bool _ended;

    private string RunId => this.GetPrimaryKeyString();

    /// <summary>
    /// Loads what the log has stored, once, before any call is answered: its summary and the events after it. A log
    /// without a summary has no stored batch; unless it was stored before summaries existed, it asks every journal
    /// whether it holds its events (a silo that took them may have died), and if none does, it is new and reads nothing
    /// more. A log its run just created (<see cref="CreateAsync"/>) reads nothing at all.
    /// </summary>
    private Task LoadedAsync() => _loading ??= LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            await LoadStoredAsync();
        }
        catch
        {
            // What was read may be partial: a fresh activation loads again on the next call.
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task LoadStoredAsync()
    {
        var stored = await blobs.ReadSummaryAsync(RunId);
        if (stored is null)
        {
            var (unasked, wrote) = await catchUp.CatchUpAsync(RunId, null, default);
            _journals.UnionWith(unasked);
            if (await legacy.ContainsAsync(RunId))
            {
                await ReplayAsync(0, default);
                return;
            }
            if (!wrote)
                return; // a new log
            // A departed or live silo's journal held events and wrote them, with the summary their first batch needs.
            stored = await blobs.ReadSummaryAsync(RunId) ?? throw new InvalidOperationException($"run {RunId}'s events were written without its log summary");
            await RestoreAsync(stored, caughtUp: true);
            return;
        }
        await RestoreAsync(stored, caughtUp: false);
    }

    private async Task RestoreAsync(BinaryData stored, bool caughtUp)
    {
        var summary = RunLogSummary.Decode(stored.ToStream(), RunBlobStore.SummaryName(RunId));
        (_metrics, _lastSeq, _summarySeq, _ended, _summaryStored) = (summary.Book, summary.Seq, summary.Seq, summary.Ended, true);
        if (!caughtUp)
        {
            if (summary.Journals.Count == 0)
                return; // stored when the log let go with every event in its batches: nothing after it
            _journals.UnionWith((await catchUp.CatchUpAsync(RunId, summary.Journals, default)).Unasked);
        }
        await ReplayAsync(summary.Seq, default);
    }

    public Task CreateAsync()
    {
        _loading ??= Task.CompletedTask;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(EventJournal.StopBudget);
        try
        {
            await journal.CompactAsync(RunId, budget.Token);
            _journals.Remove(journal.Folder);
        }
        catch (Exception e)
        {
            // The events stay in this silo's journal, which compacts them later; the summary keeps naming it.
            logger.LogWarning(e, "Compacting run {Run}'s events on deactivation failed", RunId);
        }
        if (_loading is not { IsCompletedSuccessfully: true } || (_summarySeq < 0 && _lastSeq == 0))
            return;
        try
        {
            await StoreSummaryAsync(budget.Token);
        }
        catch (Exception e)
        {
            // The summary stored earlier still names every journal that may hold later events: the next activation replays them.
            logger.LogWarning(e, "Storing run {Run}'s log summary on deactivation failed", RunId);
        }
    }

    public async Task<long> AppendAsync(IReadOnlyList<RunEvent> events)
    {
        await LoadedAsync();
        if (events.Count == 0)
            return _lastSeq;
        if (_journals.Add(journal.Folder) && _summaryStored)
        {
            // Named before the first append here, so the next activation asks this silo's journal for what it holds
            // (a log without a summary asks every journal anyway).
            try
            {
                await StoreSummaryAsync();
            }
            catch
            {
                _journals.Remove(journal.Folder);
                throw;
            }
        }
        var first = _lastSeq + 1;
        var numbered = events.Select((e, i) => e with { Seq = first + i }).ToList();
        await journal.AppendAsync(RunId, numbered);
        foreach (var e in numbered)
            await PublishAsync(e);
        var signal = _arrived;
        _arrived = NewSignal();
        signal.TrySetResult();
        if (_lastSeq - _summarySeq >= SummaryEvery && _summaryWrites.IsCompleted)
            _ = StoreSummaryInBackgroundAsync();
        return _lastSeq;
    }

    public async Task<RunEventPage> ReadAsync(long afterSeq, int max, TimeSpan wait)
    {
        await LoadedAsync();
        max = Math.Clamp(max, 1, 10_000);
        afterSeq = Math.Max(afterSeq, 0);
        if (_lastSeq <= afterSeq && !_ended && wait > TimeSpan.Zero)
            await Task.WhenAny(_arrived.Task, Task.Delay(wait > TimeSpan.FromSeconds(20) ? TimeSpan.FromSeconds(20) : wait));
        var page = _recent.Count > 0 && afterSeq + 1 >= _recent[0].Seq
            ? _recent.Skip(FirstAfter(afterSeq)).Take(max).ToList()
            : _lastSeq > afterSeq ? await ReadStoredAsync(afterSeq, max) : [];
        var last = page.Count > 0 ? page[^1].Seq : Math.Min(afterSeq, _lastSeq);
        return new RunEventPage(page, last, _ended && last >= _lastSeq);
    }

    public async Task<MetricSeries> GetSeriesAsync(string metric, int maxPoints)
    {
        await LoadedAsync();
        var slice = _metrics.Slice(metric, int.MinValue, int.MaxValue, readBackUpTo: 0);
        return new MetricSeries(metric, Lttb.Downsample(slice.Points, Math.Max(1, maxPoints)), slice.Total);
    }

    public async Task<MetricCurve> GetCurveAsync(CurveQuery query)
    {
        query.Check();
        await LoadedAsync();
        var slice = _metrics.Slice(query.Metric, query.FromStep ?? int.MinValue, query.ToStep ?? int.MaxValue, CurveReadBackPoints);
        var points = await CompleteAsync(slice);
        return CurveReader.Read(_metrics, query, points, slice.ReadBack is null ? slice.Total : points.Count);
    }

    public async Task<MetricSeries> GetRangeAsync(string metric, int fromStep, int toStep)
    {
        await LoadedAsync();
        var slice = _metrics.Slice(metric, fromStep, toStep, MaxRangePoints);
        RunSpecRules.Require(slice.Exact || slice.ReadBack is not null, "to",
            $"steps {fromStep}..{toStep} of {metric} hold about {slice.Total:N0} points, more than the {MaxRangePoints:N0} a range returns at full resolution; narrow the range, or ask for a curve (thinned on the server)");
        var points = await CompleteAsync(slice);
        return new MetricSeries(metric, points, points.Count);
    }

    public async Task<IReadOnlyDictionary<string, MetricPoint>> GetLatestAsync()
    {
        await LoadedAsync();
        return _metrics.Latest();
    }

    public async Task<IReadOnlyList<string>> GetMetricNamesAsync()
    {
        await LoadedAsync();
        return [.. _metrics.Names.Order(StringComparer.Ordinal)];
    }

    public async Task<long> GetHeadAsync()
    {
        await LoadedAsync();
        return _lastSeq;
    }

    /// <summary>Applies a stored event to memory; a cut into summarised steps (an attempt resuming from an older checkpoint) first reads those steps back.</summary>
    private async Task PublishAsync(RunEvent e, CancellationToken cancellationToken = default)
    {
        var cuts = _metrics.CutsNeedingReadBack(e);
        Dictionary<string, List<TrackPoint>>? readBack = null;
        if (cuts.Count > 0)
        {
            var book = await ReadBackAsync(cuts.Select(c => c.Metric).ToHashSet(StringComparer.Ordinal),
                cuts.Min(c => c.Block.FirstSeq), cuts.Max(c => c.Block.LastSeq), cancellationToken);
            readBack = cuts.ToDictionary(c => c.Metric, c => book.Track(c.Metric)?.Held.ToList() ?? [], StringComparer.Ordinal);
        }
        _lastSeq = e.Seq;
        _metrics.Apply(e, readBack);
        if (e.Type == RunEventTypes.Status)
            _ended = (e.Status ?? (RunStatusText.TryParse(e.Text, out var written) ? (RunStatus?)written : null)) is { } status && status.IsTerminal();
        _recent.Add(e);
        if (_recent.Count > RecentEvents + RecentEvents / 4)
            _recent.RemoveRange(0, _recent.Count - RecentEvents);
    }

    /// <summary>The slice's points at full resolution: its summarised steps read back from the stored events, then the held ones.</summary>
    private async Task<List<MetricPoint>> CompleteAsync(MetricSlice slice)
    {
        if (slice.ReadBack is not { } readBack)
            return slice.Points;
        var book = await ReadBackAsync(new HashSet<string>(StringComparer.Ordinal) { readBack.Metric }, readBack.FirstSeq, readBack.LastSeq);
        var points = book.Range(readBack.Metric, readBack.FromStep, readBack.ToStep).ToList();
        points.AddRange(slice.Points);
        return points;
    }

    /// <summary>The metrics' points as the stored events <paramref name="firstSeq"/>..<paramref name="lastSeq"/> make them, one by one.</summary>
    private async Task<MetricBook> ReadBackAsync(IReadOnlySet<string> metrics, long firstSeq, long lastSeq, CancellationToken cancellationToken = default)
    {
        await journal.CompactAsync(RunId, cancellationToken);
        var book = MetricBook.Exact(metrics);
        await foreach (var e in blobs.ReadEventsAsync(RunId, firstSeq - 1, lastSeq, cancellationToken))
            book.Apply(e);
        return book;
    }

    private async Task ReplayAsync(long afterSeq, CancellationToken cancellationToken)
    {
        await foreach (var e in blobs.ReadEventsAfterAsync(RunId, afterSeq, cancellationToken))
            await PublishAsync(e, cancellationToken);
    }

    /// <summary>Stores the summary of everything published so far, after any earlier write (so a later one never loses to an older).</summary>
    private Task StoreSummaryAsync(CancellationToken cancellationToken = default)
    {
        var (seq, content) = (_lastSeq, new RunLogSummary(_lastSeq, _ended, [.. _journals], _metrics).Encode());
        var previous = _summaryWrites;
        var write = WriteAfterAsync(previous, seq, content, cancellationToken);
        _summaryWrites = write;
        return write;
    }

    private async Task WriteAfterAsync(Task previous, long seq, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await previous;
        }
        catch
        {
            // Its failure was reported to whoever waited for it; this write supersedes it.
        }
        await blobs.WriteSummaryAsync(RunId, content, cancellationToken);
        _summarySeq = Math.Max(_summarySeq, seq);
        _summaryStored = true;
    }

    private async Task StoreSummaryInBackgroundAsync()
    {
        try
        {
            await StoreSummaryAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Storing run {Run}'s log summary failed; the next {Count} events try again", RunId, SummaryEvery);
        }
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
