using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ExperimentPlatform.Grains.Telemetry;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Grains.Tests.Runs;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Telemetry;

/// <summary>The platform's own metrics, as an OpenTelemetry exporter would read them from the silos' meters.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PlatformMetricsTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);
    private readonly ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly MeterListener _listener = new();

    private void Listen()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PlatformMetrics.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) where T : struct =>
            _measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), new Dictionary<string, object?>(tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>(Record);
        _listener.SetMeasurementEventCallback<int>(Record);
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.Start();
    }

    /// <summary>The gauges' current values, as a collection would read them.</summary>
    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Observe(string instrument)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return [.. _measurements.Where(m => m.Instrument == instrument)];
    }

    [Fact]
    public async Task A_run_shows_its_throughput_while_it_trains_its_checkpoints_and_the_cluster_s_queue_slots_and_states()
    {
        Listen();
        var dataset = await _scenario.TextDatasetAsync("metrics");
        var spec = RunScenario.TinySpec(dataset, steps: 100_000) with { Checkpoints = new CheckpointPolicy { EverySteps = 5, KeepLatest = 1 } };
        var run = await _scenario.LaunchAsync(spec);
        await _scenario.WaitUntilStepAsync(run.Id, 12);

        // While it trains: its tokens/s, a slot in use, and the run list counting it as running.
        await RunScenario.WaitUntilAsync(() => Task.FromResult(Observe("ep.run.tokens_per_second").Any(m => Equals(m.Tags["run"], run.Id) && m.Value > 0)), "ep.run.tokens_per_second above 0 for the run");
        await RunScenario.WaitUntilAsync(() => Task.FromResult(Observe("ep.scheduler.slots").Any(m => Equals(m.Tags["state"], "used") && m.Value >= 1)), "ep.scheduler.slots used ≥ 1");
        var utilization = Observe("ep.scheduler.slot_utilization").Single().Value;
        Assert.InRange(utilization, 0.01, 1);
        Assert.Single(Observe("ep.scheduler.queue_length"));
        await RunScenario.WaitUntilAsync(() => Task.FromResult(Observe("ep.runs").Any(m => Equals(m.Tags["state"], "running") && m.Value >= 1)), "ep.runs running ≥ 1");
        // Its checkpoints: how long training stalled for each, the upload, the size.
        await RunScenario.WaitUntilAsync(() => Task.FromResult(_measurements.Any(m => m.Instrument == "ep.checkpoint.size")), "an ep.checkpoint.size measurement");
        var checkpoint = _measurements.Where(m => m.Instrument is "ep.checkpoint.stall" or "ep.checkpoint.upload" or "ep.checkpoint.size").ToList();
        Assert.All(checkpoint, m => Assert.Equal("pretrain", m.Tags["kind"]));
        Assert.Contains(checkpoint, m => m.Instrument == "ep.checkpoint.size" && m.Value > 10_000);
        Assert.Contains(checkpoint, m => m.Instrument == "ep.checkpoint.stall" && m.Value > 0);

        // Cancelled: it no longer reports a throughput, and the run list counts it as cancelled.
        await _scenario.Run(run.Id).CancelAsync("test:alice", "metrics seen");
        await _scenario.WaitForAsync(run.Id, RunStatus.Cancelled);
        Assert.DoesNotContain(Observe("ep.run.tokens_per_second"), m => Equals(m.Tags["run"], run.Id));
        await RunScenario.WaitUntilAsync(() => Task.FromResult(Observe("ep.runs").Any(m => Equals(m.Tags["state"], "cancelled") && m.Value >= 1)), "ep.runs cancelled ≥ 1");
    }

    public void Dispose()
    {
        _listener.Dispose();
        _scenario.Dispose();
    }
}
