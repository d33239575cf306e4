using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Telemetry;

/// <summary>
/// The platform's own metrics (meter <see cref="MeterName"/>), one instance per silo. Gauges report what the grains
/// living on this silo last published — the run list's counts by state, the scheduler's queue and slots, each running
/// run's tokens/s — and nothing once they deactivate, so a grain that moved is reported by its new silo only.
/// Histograms record each checkpoint's stall (training waited for the write), upload time and size.
/// </summary>
public sealed class PlatformMetrics : IDisposable
{
    public const string MeterName = "ExperimentPlatform";

    private readonly Meter _meter;
    private readonly Histogram<double> _stall;
    private readonly Histogram<double> _upload;
    private readonly Histogram<long> _bytes;
    private readonly ConcurrentDictionary<string, double> _tokensPerSecond = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<RunStatus, int>? _runsByState;
    private volatile SchedulerGauges? _scheduler;

    public PlatformMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("ep.runs", ObserveRuns, "{run}", "Runs by state (from the run list)");
        _meter.CreateObservableGauge("ep.scheduler.queue_length", () => Observe(_scheduler, s => s.Queued), "{run}", "Runs waiting for a slot");
        _meter.CreateObservableGauge("ep.scheduler.slots", ObserveSlots, "{slot}", "Worker slots, by state: used or free");
        _meter.CreateObservableGauge("ep.scheduler.slot_utilization", () => Observe(_scheduler, s => s.Total == 0 ? 0 : (double)s.Used / s.Total), "1",
            "Used slots over all active workers' slots");
        _meter.CreateObservableGauge("ep.run.tokens_per_second", ObserveTokens, "{token}/s", "Training throughput of each running run (last step)");
        _stall = _meter.CreateHistogram<double>("ep.checkpoint.stall", "s", "Time training waited while a checkpoint was written");
        _upload = _meter.CreateHistogram<double>("ep.checkpoint.upload", "s", "Time a checkpoint took to reach Blob storage");
        _bytes = _meter.CreateHistogram<long>("ep.checkpoint.size", "By", "Bytes of a checkpoint");
    }

    /// <summary>The run list's counts by state; null when the run list left this silo.</summary>
    public void PublishRunsByState(IReadOnlyDictionary<RunStatus, int>? counts) => _runsByState = counts;

    /// <summary>The scheduler's queue and slots (<see cref="ClearScheduler"/> when the scheduler leaves this silo).</summary>
    public void PublishScheduler(int queued, int usedSlots, int totalSlots) => _scheduler = new SchedulerGauges(queued, usedSlots, totalSlots);

    public void ClearScheduler() => _scheduler = null;

    /// <summary>A running run's throughput; null removes it (the run stopped running here).</summary>
    public void PublishTokensPerSecond(string run, double? tokensPerSecond)
    {
        if (tokensPerSecond is { } value && double.IsFinite(value))
            _tokensPerSecond[run] = value;
        else
            _tokensPerSecond.TryRemove(run, out _);
    }

    public void RecordCheckpoint(RunKind kind, CheckpointRecord checkpoint)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant());
        _stall.Record(checkpoint.StallSeconds, tag);
        _upload.Record(checkpoint.UploadSeconds, tag);
        _bytes.Record(checkpoint.Bytes, tag);
    }

    private IEnumerable<Measurement<int>> ObserveRuns() =>
        _runsByState is { } counts
            ? Enum.GetValues<RunStatus>().Select(s => new Measurement<int>(counts.GetValueOrDefault(s), new KeyValuePair<string, object?>("state", s.ToString().ToLowerInvariant())))
            : [];

    private IEnumerable<Measurement<int>> ObserveSlots() =>
        _scheduler is { } s
            ? [new(s.Used, new KeyValuePair<string, object?>("state", "used")), new(s.Total - s.Used, new KeyValuePair<string, object?>("state", "free"))]
            : [];

    private IEnumerable<Measurement<double>> ObserveTokens() =>
        _tokensPerSecond.Select(r => new Measurement<double>(r.Value, new KeyValuePair<string, object?>("run", r.Key)));

    private static IEnumerable<Measurement<T>> Observe<T>(SchedulerGauges? gauges, Func<SchedulerGauges, T> value) where T : struct =>
        gauges is { } g ? [new Measurement<T>(value(g))] : [];

    public void Dispose() => _meter.Dispose();
}
