using System.Diagnostics;
using ExperimentPlatform.Client;
using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Bench;

/// <summary>
/// A long run's log: STEPS steps of six metrics appended as executors append (batches through the silo's journal),
/// then (1) cold activation to the first curve: every activation in the cluster collected, then one 1,000-wide curve
/// through the client, five times; (2) warm curve and zoom latency; (3) memory of one active log: what the grain holds
/// (its stored summary decoded, plus its recent events) against the previous design's (every point of every metric
/// and 20,000 recent events), both measured in this process with full garbage collections; (4) the previous design's
/// activation (list and read every stored batch, replay every event) timed on the same data. Goals: cold activation
/// under 1 s, one active log ≤ 16 MiB.
/// </summary>
internal static class RunLogBench
{
    private static readonly string[] Metrics = ["train/loss", "train/lr", "train/grad_norm", "train/tokens_per_second", MetricNames.Tokens, "validation/loss"];

    public static async Task RunAsync(IClusterClient cluster, RunsClient runs, string storage, int steps)
    {
        var id = $"runlog-{Guid.NewGuid():N}"[..20];
        var log = cluster.GetGrain<IRunEventsGrain>(id);
        var clock = Stopwatch.StartNew();
        for (var first = 1; first <= steps; first += 5_000)
            await log.AppendAsync([.. Enumerable.Range(first, Math.Min(5_000, steps - first + 1)).Select(Event)]);
        Console.WriteLine($"appended {steps:N0} steps x {Metrics.Length} metrics in {clock.Elapsed.TotalSeconds:F1} s");

        var management = cluster.GetGrain<IManagementGrain>(0);
        var cold = new List<double>();
        MetricCurve? curve = null;
        for (var i = 0; i < 5; i++)
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            await Task.Delay(TimeSpan.FromSeconds(2));
            if ((await management.GetDetailedGrainStatistics()).Any(s => s.GrainId.Key.ToString() == id))
                throw new InvalidOperationException($"run log {id} is still active after the collection: the timing would not be cold");
            clock.Restart();
            curve = await runs.GetCurveAsync(id, new CurveQuery { Metric = "train/loss", Width = 1000 });
            cold.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"cold activation to first curve (1,000 wide, {curve!.Points.Count} points of {curve.TotalPoints:N0}), 5 times: {Percentiles.Describe(cold)}");

        var warm = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            clock.Restart();
            await runs.GetCurveAsync(id, new CurveQuery { Metric = "train/loss", Width = 1000 });
            warm.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"warm curve, 50 queries: {Percentiles.Describe(warm)}");
        var zoom = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var from = Random.Shared.Next(1, steps / 2);
            clock.Restart();
            var range = await runs.GetRangeAsync(id, "train/loss", from, from + 999);
            zoom.Add(clock.Elapsed.TotalMilliseconds);
            if (range.Points.Count != 1000)
                throw new InvalidOperationException($"a 1,000-step zoom gave {range.Points.Count} points");
        }
        Console.WriteLine($"1,000-step zoom into summarised steps at full resolution (read back from storage), 10 queries: {Percentiles.Describe(zoom)}");

        var blobs = new RunBlobStore(new PlatformStorage(new StorageOptions { ConnectionString = storage }));
        var summaryBlob = await blobs.ReadSummaryAsync(id) ?? throw new InvalidOperationException("the log stored no summary");
        // Once unmeasured, so the storage client's and serializer's one-time allocations are not counted as the log's.
        RunLogSummary.Decode(summaryBlob.ToStream(), id);
        await foreach (var e in blobs.ReadEventsAfterAsync(id, steps - RunEventsGrain.RecentEvents))
            GC.KeepAlive(e);
        var (held, heldBytes) = await RetainedAsync(async () =>
        {
            var summary = RunLogSummary.Decode(summaryBlob.ToStream(), id);
            var recent = new List<RunEvent>();
            await foreach (var e in blobs.ReadEventsAfterAsync(id, steps - RunEventsGrain.RecentEvents))
                recent.Add(e);
            return (object)(summary, recent);
        });
        Console.WriteLine($"one active log now: {heldBytes / 1048576.0:F1} MiB held (summary blob {summaryBlob.ToMemory().Length / 1048576.0:F2} MiB)");

        clock.Restart();
        var (_, previousBytes) = await RetainedAsync(async () =>
        {
            var book = MetricBook.Exact();
            var recent = new List<RunEvent>();
            await foreach (var e in blobs.ReadEventsAfterAsync(id, 0))
            {
                book.Apply(e);
                recent.Add(e);
                if (recent.Count > 25_000)
                    recent.RemoveRange(0, recent.Count - 20_000);
            }
            return (object)(book, recent);
        });
        Console.WriteLine($"previous design: activation replays every event in {clock.Elapsed.TotalSeconds:F1} s and holds {previousBytes / 1048576.0:F1} MiB");
        GC.KeepAlive(held);
    }

    /// <summary>Bytes the managed heap keeps for what <paramref name="build"/> returns, measured with full collections.</summary>
    private static async Task<(object Kept, long Bytes)> RetainedAsync(Func<Task<object>> build)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var kept = await build();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return (kept, after - before);
    }

    private static RunEvent Event(int step) => new()
    {
        Type = RunEventTypes.Step, Attempt = 1, Step = step, At = DateTimeOffset.UtcNow,
        Values = new Dictionary<string, double>
        {
            ["train/loss"] = 3 + Math.Sin(step / 5000.0) + 0.1 * Random.Shared.NextDouble(),
            ["train/lr"] = 3e-4 * Math.Min(1, step / 2000.0),
            ["train/grad_norm"] = 1 + Random.Shared.NextDouble(),
            ["train/tokens_per_second"] = 40_000 + 1000 * Random.Shared.NextDouble(),
            [MetricNames.Tokens] = step * 4096.0,
            ["validation/loss"] = 3.1 + Math.Sin(step / 5000.0),
        },
    };
}
