using System.Diagnostics;
using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Bench.Ui;

/// <summary>
/// The run list at the seeded size, through the client (no browser): one page listed, filtered, sorted by a metric,
/// searched; and the run list's periodic sync from the run table with nothing changed (what it costs every 2 s).
/// </summary>
internal static class RunListLatency
{
    public static async Task RunAsync(RunsClient runs, IClusterClient cluster, int count)
    {
        var index = cluster.GetGrain<IRunIndexGrain>(IRunIndexGrain.Key);
        (string What, RunQuery Query)[] queries =
        [
            ("list: newest first, page 1", new RunQuery { PageSize = 50 }),
            ("list: newest first, page 100", new RunQuery { PageSize = 50, Page = 99 }),
            ("filter: failed runs", new RunQuery { Status = RunStatus.Failed, PageSize = 50 }),
            ("sort: best validation/loss", new RunQuery { Sort = RunSorts.Metric, Metric = "validation/loss", Aggregate = MetricAggregate.Best, PageSize = 50 }),
            ("search: a run id fragment", new RunQuery { Search = "bench-0123", PageSize = 50 }),
        ];
        foreach (var (what, query) in queries)
        {
            await runs.ListAsync(query); // warm-up
            var ms = new List<double>();
            for (var i = 0; i < 50; i++)
                ms.Add(await TimeAsync(() => runs.ListAsync(query)));
            Report($"run list at {count:N0} runs — {what}", ms, 200);
        }
        var sync = new List<double>();
        for (var i = 0; i < 20; i++)
            sync.Add(await TimeAsync(() => index.SyncAsync()));
        Report($"run list at {count:N0} runs — its periodic sync from the table, nothing changed", sync, 200);
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static void Report(string what, List<double> ms, double goalMs) =>
        Console.WriteLine($"| {what} | {Percentiles.Of(ms, 50):F0} ms | {Percentiles.Of(ms, 95):F0} ms | {ms.Max():F0} ms | {ms.Count} | < {goalMs:N0} ms (p95) | {(Percentiles.Of(ms, 95) < goalMs ? "met" : "**not met**")} |");
}
