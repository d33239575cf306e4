using System.Runtime.CompilerServices;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Client;

/// <summary>Runs: launch, look, list, watch, metrics, pause, resume, cancel.</summary>
public sealed class RunsClient(IClusterClient cluster, TimeSpan timeout)
{
    /// <summary>How long one watch poll waits on the server for new events.</summary>
    public static readonly TimeSpan WatchWait = TimeSpan.FromSeconds(15);

    /// <summary>Validates and launches; the run is queued. A refused spec throws <see cref="RunSpecException"/> and creates nothing.</summary>
    public Task<RunDetails> LaunchAsync(RunSpec spec, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var id = RunIds.New(DateTimeOffset.UtcNow);
        return Calls.Send(() => Run(id).LaunchAsync(spec, actor), timeout, cancellationToken);
    }

    /// <summary>
    /// Checks a spec as a launch would, without launching: every problem at once (field and message; none: a launch
    /// would be accepted) and an estimate of tokens, epochs and duration. Creates nothing.
    /// </summary>
    public Task<LaunchCheck> ValidateAsync(RunSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Calls.Send(() => cluster.GetGrain<ILaunchCheckGrain>(ILaunchCheckGrain.Key).CheckAsync(spec), timeout, cancellationToken);
    }

    public Task<RunDetails> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Run(id).GetAsync(), timeout, cancellationToken);

    public Task<RunPage> ListAsync(RunQuery query, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Index.ListAsync(query), timeout, cancellationToken);

    public Task<IReadOnlyList<ExperimentSummary>> ListExperimentsAsync(CancellationToken cancellationToken = default) =>
        Calls.Send(() => Index.ListExperimentsAsync(), timeout, cancellationToken);

    public Task<RunDetails> PauseAsync(string id, string actor, string reason = "", CancellationToken cancellationToken = default) =>
        Calls.Send(() => Run(id).PauseAsync(actor, reason), timeout, cancellationToken);

    public Task<RunDetails> ResumeAsync(string id, string actor, string reason = "", CancellationToken cancellationToken = default) =>
        Calls.Send(() => Run(id).ResumeAsync(actor, reason), timeout, cancellationToken);

    public Task<RunDetails> CancelAsync(string id, string actor, string reason = "", CancellationToken cancellationToken = default) =>
        Calls.Send(() => Run(id).CancelAsync(actor, reason), timeout, cancellationToken);

    /// <summary>A metric downsampled on the server to at most <paramref name="maxPoints"/> points (LTTB).</summary>
    public Task<MetricSeries> GetSeriesAsync(string id, string metric, int maxPoints = 1000, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Events(id).GetSeriesAsync(metric, maxPoints), timeout, cancellationToken);

    /// <summary>A metric sized for a chart: a step range (all when null) thinned on the server to the chart's width, keeping extremes (min/max) or shape (LTTB), on steps or tokens seen.</summary>
    public Task<MetricCurve> GetCurveAsync(string id, CurveQuery query, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Events(id).GetCurveAsync(query), timeout, cancellationToken);

    /// <summary>A metric's points between two steps (inclusive) at full resolution.</summary>
    public Task<MetricSeries> GetRangeAsync(string id, string metric, int fromStep, int toStep, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Events(id).GetRangeAsync(metric, fromStep, toStep), timeout, cancellationToken);

    public Task<IReadOnlyDictionary<string, MetricPoint>> GetLatestAsync(string id, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Events(id).GetLatestAsync(), timeout, cancellationToken);

    public Task<IReadOnlyList<string>> GetMetricNamesAsync(string id, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Events(id).GetMetricNamesAsync(), timeout, cancellationToken);

    /// <summary>
    /// The run's live cursor: the sequence number of its latest event. <see cref="WatchAsync"/> from it sees only
    /// what happens from now on (a page that already drew the curves from the series reads no history twice).
    /// </summary>
    public Task<long> GetHeadAsync(string id, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Events(id).GetHeadAsync(), timeout, cancellationToken);

    /// <summary>Events after <paramref name="afterSeq"/>, waiting up to <paramref name="wait"/> for the first one.</summary>
    public Task<RunEventPage> ReadEventsAsync(string id, long afterSeq, int max, TimeSpan wait, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Events(id).ReadAsync(afterSeq, max, wait), timeout + wait, cancellationToken);

    /// <summary>
    /// The run's events from <paramref name="afterSeq"/> on (0: from the start; <see cref="GetHeadAsync"/>: from now),
    /// live, until the run ends or the token is cancelled. Resumable: pass the last <see cref="RunEvent.Seq"/> seen.
    /// </summary>
    public async IAsyncEnumerable<RunEvent> WatchAsync(string id, long afterSeq = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await GetAsync(id, cancellationToken); // an unknown run fails here with RunNotFoundException
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await ReadEventsAsync(id, afterSeq, 1000, WatchWait, cancellationToken);
            foreach (var e in page.Events)
                yield return e;
            afterSeq = page.LastSeq;
            // The log ends with the run's terminal status event; should that event be missing, the run's own status ends the watch.
            if (page.Ended || page.Events.Count == 0 && (await GetAsync(id, cancellationToken)).Status.IsTerminal())
                yield break;
        }
    }

    /// <summary>The scheduler's workers and their slots, and a page of its queue (with why each run waits): <paramref name="take"/> entries from position <paramref name="skip"/> + 1.</summary>
    public Task<SchedulerView> GetSchedulerAsync(int skip = 0, int take = SchedulerView.DefaultQueuePage, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IRunSchedulerGrain>(IRunSchedulerGrain.Key).GetViewAsync(skip, take), timeout, cancellationToken);

    private IRunGrain Run(string id) => cluster.GetGrain<IRunGrain>(id);

    private IRunEventsGrain Events(string id) => cluster.GetGrain<IRunEventsGrain>(id);

    private IRunIndexGrain Index => cluster.GetGrain<IRunIndexGrain>(IRunIndexGrain.Key);
}
