using System.Diagnostics;
using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Bench;

/// <summary>
/// A metric series of POINTS steps (stored as the executors store them, in batches of 10,000), then the query a chart
/// makes: the whole curve downsampled on the server to 1,000 points (LTTB), through the client. Goal: well under 100 ms.
/// </summary>
internal static class SeriesQuery
{
    public static async Task RunAsync(IClusterClient cluster, RunsClient runs, int points)
    {
        var id = $"series-{Guid.NewGuid():N}"[..20];
        var log = cluster.GetGrain<IRunEventsGrain>(id);
        var clock = Stopwatch.StartNew();
        for (var first = 1; first <= points; first += 10_000)
            await log.AppendAsync([.. Enumerable.Range(first, Math.Min(10_000, points - first + 1)).Select(step => new RunEvent
            {
                Type = "step", Attempt = 1, Step = step, Values = new Dictionary<string, double> { ["train/loss"] = 3 + Math.Sin(step / 5000.0) + 0.1 * Random.Shared.NextDouble() },
            })]);
        Console.WriteLine($"stored {points:N0} points in {clock.Elapsed.TotalSeconds:F1} s");
        var times = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            clock.Restart();
            var series = await runs.GetSeriesAsync(id, "train/loss", 1000);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (series.Points.Count != 1000 || series.TotalPoints != points)
                throw new InvalidOperationException($"got {series.Points.Count} of {series.TotalPoints} points");
        }
        Console.WriteLine($"{points:N0}-point series downsampled to 1,000 points, 50 queries: {Percentiles.Describe(times)}");
        clock.Restart();
        var range = await runs.GetRangeAsync(id, "train/loss", points / 2, points / 2 + 999);
        Console.WriteLine($"a 1,000-step range at full resolution: {clock.Elapsed.TotalMilliseconds:F1} ms ({range.Points.Count} points)");
    }
}
