using ExperimentPlatform.Bench.Ui;
using ExperimentPlatform.Client;
using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// bench/ui: the web UI's figures against a running platform (bench/ui/run.sh starts it).
//   UiBench GATEWAY STORAGE BASE_URL WEB_PID [runs=10000] [datasets=2000] [pages=20] [seconds=60]
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: UiBench host:port storage-connection-string http://host:port web-pid [runs] [datasets] [pages] [seconds]");
    return 2;
}
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
var (runCount, datasetCount, pageCount, seconds) = (Arg(4, 10_000), Arg(5, 2_000), Arg(6, 20), Arg(7, 60));
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ExperimentPlatform:Gateways:0"] = args[0], ["ExperimentPlatform:Timeout"] = "00:02:00", ["ConnectionStrings:Storage"] = args[1] });
builder.Logging.ClearProviders();
builder.Services.AddExperimentPlatformClient(builder.Configuration);
using var host = builder.Build();
await host.StartAsync();
var runs = host.Services.GetRequiredService<RunsClient>();
var cluster = host.Services.GetRequiredService<IClusterClient>();
var seed = new Seed(new PlatformStorage(PlatformStorage.ReadOptions(builder.Configuration)), host.Services.GetRequiredService<DatasetsClient>(), cluster, runs);

var parts = (Environment.GetEnvironmentVariable("EP_BENCH_PARTS") ?? "pages runs sort long live compare answers runlist").Split(' ', StringSplitOptions.RemoveEmptyEntries);
var clock = System.Diagnostics.Stopwatch.StartNew();
var datasets = await seed.DatasetsAsync(datasetCount);
Console.WriteLine($"seeded {datasetCount:N0} datasets through the client in {clock.Elapsed.TotalSeconds:F0} s");
clock.Restart();
await seed.RunsAsync(runCount, datasets);
Console.WriteLine($"wrote {runCount:N0} run-table rows in {clock.Elapsed.TotalSeconds:F0} s");
await seed.WaitForListAsync(runCount);
Console.WriteLine($"seeded {runCount:N0} finished runs (six metrics each) as run-table rows; the run list held them after {clock.Elapsed.TotalSeconds:F0} s");
clock.Restart();
// Only when measured: its 100,000 events sit in the silo's journal until compacted, which moves the heap under the memory figure.
var longRun = parts.Contains("long") ? await seed.LongRunAsync(100_000, datasets[0]) : "";
if (longRun.Length > 0)
    Console.WriteLine($"seeded a 100,000-step run (5 metrics a step) in {clock.Elapsed.TotalSeconds:F0} s");
var live = await seed.LiveRunsAsync(pageCount + 1, datasets[1]);
var compareSteps = int.Parse(Environment.GetEnvironmentVariable("EP_BENCH_COMPARE_STEPS") ?? "100000", System.Globalization.CultureInfo.InvariantCulture);
var compareRuns = int.Parse(Environment.GetEnvironmentVariable("EP_BENCH_COMPARE_RUNS") ?? "50", System.Globalization.CultureInfo.InvariantCulture);
IReadOnlyList<string> sweep = [];
IReadOnlyList<string> classifiers = [];
if (parts.Contains("compare"))
{
    clock.Restart();
    sweep = await seed.CompareRunsAsync(compareRuns, compareSteps, datasets[2]);
    Console.WriteLine($"seeded {compareRuns} runs of {compareSteps:N0} steps (5 metrics a step) for compare in {clock.Elapsed.TotalSeconds:F0} s");
}
if (parts.Contains("answers"))
{
    clock.Restart();
    classifiers = await seed.ClassifiersAsync(10);
    Console.WriteLine($"trained 10 tiny classifiers on the worker in {clock.Elapsed.TotalSeconds:F0} s");
}
if (parts.Contains("runlist"))
{
    // Through the client, before any browser: the run list's own latency at the seeded size.
    Console.WriteLine();
    Console.WriteLine("| measurement | p50 | p95 | max | n | goal | |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
    await RunListLatency.RunAsync(runs, cluster, runCount);
    if (parts.Length == 1)
        return 0;
}
if (Environment.GetEnvironmentVariable("EP_BENCH_SEED_ONLY") == "1")
{
    Console.WriteLine($"seeded only: long run {longRun}, live runs {string.Join(" ", live)}");
    return 0;
}

await using var browser = await Browser.LaunchAsync(args[2]);
var measure = new Measurements(browser, runs, cluster, int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
Console.WriteLine();
Console.WriteLine("| measurement | p50 | p95 | max | n | goal | |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
// The many pages first: every page load leaves a circuit the server keeps for a while after its tab closes, and the
// per-circuit memory is measured from a host that holds none.
if (parts.Contains("pages"))
    await measure.ManyPagesAsync([.. live.Take(pageCount)], seconds);
if (parts.Contains("runs"))
    await measure.RunsPageAsync();
if (parts.Contains("sort"))
    await measure.SortAndFilterAsync();
if (parts.Contains("long"))
    await measure.LongRunPageAsync(longRun);
if (parts.Contains("live"))
    await measure.LiveStepAsync(live[^1]);
if (parts.Contains("compare"))
{
    await measure.CompareAsync([.. sweep.Take(10)], $"compare: 10 runs × {compareSteps:N0} steps, charts in view drawn (new tab)", 2000);
    await measure.CompareAsync(sweep, $"compare: {sweep.Count} runs × {compareSteps:N0} steps, charts in view drawn (new tab)", 5000);
}
if (parts.Contains("answers"))
    await measure.SideBySideAsync(classifiers, 3000);
await host.StopAsync();
return 0;
