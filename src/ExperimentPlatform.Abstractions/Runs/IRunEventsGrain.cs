using Orleans.Concurrency;

namespace ExperimentPlatform.Runs;

/// <summary>
/// A run's event log and metric series, stored in Blob storage in batches and held in memory for queries and
/// live watchers. Keyed by the run id. Only the run grain appends (after its fencing check). An <c>attempt</c> event
/// (step = the checkpoint it resumes from) drops the earlier attempts' points after that step from the series, so
/// replayed steps do not appear twice; a <c>status</c> event with a terminal status ends the log.
/// </summary>
[Alias("ep.IRunEventsGrain")]
public interface IRunEventsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Tells a log that its run was just created, so it has nothing stored anywhere and reads nothing (a launch storm
    /// of new runs then costs storage no reads); only the run grain calls it, once, when it stores a new run. No effect
    /// on a log already loaded.
    /// </summary>
    [Alias("Create")]
    Task CreateAsync();

    /// <summary>Stores a batch, then makes it visible. Returns the last sequence number.</summary>
    [Alias("Append")]
    Task<long> AppendAsync(IReadOnlyList<RunEvent> events);

    /// <summary>Events after <paramref name="afterSeq"/>; waits up to <paramref name="wait"/> for one if none is there yet.</summary>
    [Alias("Read"), AlwaysInterleave]
    Task<RunEventPage> ReadAsync(long afterSeq, int max, TimeSpan wait);

    /// <summary>A metric downsampled on the server to at most <paramref name="maxPoints"/> (LTTB, keeps the curve's shape).</summary>
    [Alias("Series"), AlwaysInterleave]
    Task<MetricSeries> GetSeriesAsync(string metric, int maxPoints);

    /// <summary>A metric's points with <paramref name="fromStep"/> ≤ step ≤ <paramref name="toStep"/>, at full resolution.</summary>
    [Alias("Range"), AlwaysInterleave]
    Task<MetricSeries> GetRangeAsync(string metric, int fromStep, int toStep);

    /// <summary>A metric sized for a chart: a step range, thinned to the chart's width (min/max or LTTB), on steps or tokens seen.</summary>
    [Alias("Curve"), AlwaysInterleave]
    Task<MetricCurve> GetCurveAsync(CurveQuery query);

    /// <summary>The latest value of every metric.</summary>
    [Alias("Latest"), AlwaysInterleave]
    Task<IReadOnlyDictionary<string, MetricPoint>> GetLatestAsync();

    /// <summary>The names of the run's metrics.</summary>
    [Alias("Metrics"), AlwaysInterleave]
    Task<IReadOnlyList<string>> GetMetricNamesAsync();

    /// <summary>The sequence number of the latest event: a watch from it sees only what happens from now on.</summary>
    [Alias("Head"), AlwaysInterleave]
    Task<long> GetHeadAsync();
}
