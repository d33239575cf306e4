using System.Collections.Concurrent;
using System.Diagnostics;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Bench;

/// <summary>
/// Simulated runs emitting step metrics into the platform's event logs, as executors do: each run sends its points
/// in batches (every 250 ms, the executor's interval, unless told otherwise) to its events grain, which stores every batch in Blob storage before publishing it. One
/// watcher per run long-polls its log; delivery delay = when the watcher receives a point − when it was emitted.
/// </summary>
internal static class MetricsFanIn
{
    public static async Task RunAsync(IClusterClient cluster, int runs, double rate, int seconds, TimeSpan batchInterval)
    {
        var prefix = $"fanin-{Guid.NewGuid():N}"[..14];
        var delays = new ConcurrentBag<(DateTimeOffset At, double Ms)>();
        long stored = 0, failed = 0;
        var firstAppends = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        using var watchersDone = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        // Steady-state delivery delays count from 15 s in, once every log is activated and every watcher polls; the
        // start-up (1,000 logs activating at once) is reported per 5 s window.
        var started = DateTimeOffset.UtcNow;
        var measureFrom = started.AddSeconds(15);
        // Each run's log is created as its launch creates it, before anyone can watch it.
        var created = Enumerable.Range(0, runs).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var emitters = Enumerable.Range(0, runs).Select(i => Task.Run(async () =>
        {
            var grain = cluster.GetGrain<IRunEventsGrain>($"{prefix}-{i:D5}");
            await grain.CreateAsync();
            created[i].TrySetResult();
            var step = 0;
            var due = 0.0;
            var start = Stopwatch.GetTimestamp();
            await Task.Delay(Random.Shared.Next((int)batchInterval.TotalMilliseconds)); // spread the batches like independent runs
            while (!stop.IsCancellationRequested)
            {
                var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var batch = new List<RunEvent>();
                for (; due <= elapsed * rate; due++)
                    batch.Add(new RunEvent
                    {
                        Type = "step", Attempt = 1, Step = ++step, At = DateTimeOffset.UtcNow,
                        Values = new Dictionary<string, double> { ["train/loss"] = 1.0 / step, ["train/tokens_per_second"] = 1000 },
                    });
                if (batch.Count > 0)
                {
                    try
                    {
                        var sent = Stopwatch.GetTimestamp();
                        await grain.AppendAsync(batch);
                        if (step == batch.Count)
                            firstAppends.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                        Interlocked.Add(ref stored, batch.Count);
                    }
                    catch (Exception e) when (e is TimeoutException or OperationCanceledException or OrleansException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                try
                {
                    await Task.Delay(batchInterval, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        })).ToList();
        var watchers = Enumerable.Range(0, runs).Select(i => Task.Run(async () =>
        {
            var grain = cluster.GetGrain<IRunEventsGrain>($"{prefix}-{i:D5}");
            await created[i].Task;
            long after = 0;
            while (!watchersDone.IsCancellationRequested)
            {
                RunEventPage page;
                try
                {
                    page = await grain.ReadAsync(after, 1000, TimeSpan.FromSeconds(2));
                }
                catch (Exception e) when (e is TimeoutException or OperationCanceledException or OrleansException)
                {
                    continue;
                }
                var now = DateTimeOffset.UtcNow;
                foreach (var e in page.Events)
                    delays.Add((e.At, (now - e.At).TotalMilliseconds));
                after = page.LastSeq;
            }
        })).ToList();
        await Task.WhenAll(emitters);
        var elapsedSeconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(2500);
        await watchersDone.CancelAsync();
        await Task.WhenAll(watchers);
        var list = delays.Where(d => d.At >= measureFrom).Select(d => d.Ms).ToList();
        Console.WriteLine($"simulated runs {runs}, {rate} points/s each (offered {runs * rate:N0} points/s), {seconds} s, batches every {batchInterval.TotalMilliseconds} ms");
        Console.WriteLine($"stored {stored:N0} points in {elapsedSeconds:F1} s = {stored / elapsedSeconds:N0} points/s sustained ({stored / elapsedSeconds / (runs * rate):P0} of offered)");
        Console.WriteLine($"appends that failed or timed out (30 s): {failed:N0}");
        Console.WriteLine($"first append of each new log (created as a launch creates it, then its first batch stored in the journal): {Percentiles.Describe([.. firstAppends])}");
        Console.WriteLine($"delivery delay to a watcher (steady state: points emitted after the first 15 s): {Percentiles.Describe(list)}");
        Console.WriteLine("p99 delay by 5 s window of emission: " + string.Join(", ", delays
            .GroupBy(d => (int)((d.At - started).TotalSeconds / 5)).OrderBy(g => g.Key)
            .Select(g => $"{g.Key * 5}s {Percentiles.Of([.. g.Select(d => d.Ms)], 99):F0}ms")));
    }
}
