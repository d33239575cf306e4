using ExperimentPlatform.Bench;
using ExperimentPlatform.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// bench/platform: measurements against a running platform through the client library.
//   PlatformBench GATEWAY latency RUN_ID             control-call latency while RUN_ID trains
//   PlatformBench GATEWAY fanin RUNS RATE SECONDS [BATCH_MS]   simulated runs emitting RATE step points/s each into the event logs
//   PlatformBench GATEWAY series POINTS              a POINTS-point metric series, queried downsampled to 1,000 points
//   PlatformBench GATEWAY runlog STEPS STORAGE       a STEPS-step, six-metric run log: cold activation, curves, zoom, memory
//   PlatformBench GATEWAY inference MODEL COLD_VERSIONS TEXTS EP_DLL WORKER_DIR   classify latency: platform vs engine alone, cold loads
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: PlatformBench host:port latency RUN_ID | host:port fanin RUNS RATE SECONDS");
    return 2;
}
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ExperimentPlatform:Gateways:0"] = args[0] });
builder.Logging.ClearProviders();
builder.Services.AddExperimentPlatformClient(builder.Configuration);
using var host = builder.Build();
await host.StartAsync();
var cluster = host.Services.GetRequiredService<IClusterClient>();
var runs = host.Services.GetRequiredService<RunsClient>();
switch (args[1])
{
    case "latency":
        await ControlLatency.RunAsync(runs, args[2]);
        break;
    case "fanin":
        await MetricsFanIn.RunAsync(cluster, int.Parse(args[2]), double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4]),
            TimeSpan.FromMilliseconds(args.Length > 5 ? int.Parse(args[5]) : 250));
        break;
    case "series":
        await SeriesQuery.RunAsync(cluster, runs, int.Parse(args[2]));
        break;
    case "storm":
        await StartupStorm.RunAsync(cluster, int.Parse(args[2]), args.Length > 3 ? args[3] : null);
        break;
    case "runlog":
        await RunLogBench.RunAsync(cluster, runs, args[3], int.Parse(args[2]));
        break;
    case "inference":
        await InferenceLatency.RunAsync(host.Services.GetRequiredService<InferenceClient>(), args[2], args[3].Split(',', StringSplitOptions.RemoveEmptyEntries), args[4], args[5], args[6]);
        break;
    default:
        Console.Error.WriteLine($"unknown mode {args[1]}");
        return 2;
}
await host.StopAsync();
return 0;
