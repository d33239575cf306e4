using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExperimentPlatform.Client;

namespace ExperimentPlatform.Bench;

/// <summary>
/// Classify latency and throughput through the platform (client → gateway → router → the worker's ep serve) against the
/// engine alone (an ep serve process of our own, fed the worker's copy of the same checkpoint), alternating in rounds,
/// same texts in the same order; then cold loads.
/// </summary>
internal static class InferenceLatency
{
    private const int Rounds = 3;
    private const int SingleCalls = 100;
    private const int BatchCalls = 10;
    private const int BatchSize = 64;
    private const int Concurrent = 8;

    public static async Task RunAsync(InferenceClient inference, string model, IReadOnlyList<string> coldVersions, string textsFile, string ep, string workerRoot)
    {
        var texts = File.ReadLines(textsFile).Select(l => JsonSerializer.Deserialize<string>(l)!).ToList();
        Console.WriteLine($"texts: {texts.Count} emails (spam-1 and easy-ham-1), median {texts.Select(t => t.Length).Order().ElementAt(texts.Count / 2)} characters");

        // The very first request: the worker starts its ep serve process, fetches the checkpoint, loads the model.
        var clock = Stopwatch.StartNew();
        await inference.ClassifyAsync(model, [texts[0]]);
        var first = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        await inference.ClassifyAsync(model, [texts[0]]);
        Console.WriteLine($"first request on a fresh worker (process start + fetch + load): {first:F0} ms; the same request warm: {clock.Elapsed.TotalMilliseconds:F1} ms");

        var folder = Directory.EnumerateFiles(Path.Combine(workerRoot, "serving"), "trainer.json", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Single()!;
        using var engine = new EngineServeProcess(ep, folder);
        await engine.ClassifyAsync([texts[0]]); // load

        var platformSingle = new List<double>();
        var engineSingle = new List<double>();
        var platformBatch = new List<double>();
        var engineBatch = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < SingleCalls; i++)
            {
                var text = texts[(round * SingleCalls + i) % texts.Count];
                engineSingle.Add(await TimeAsync(() => engine.ClassifyAsync([text])));
                platformSingle.Add(await TimeAsync(() => inference.ClassifyAsync(model, [text])));
            }
            for (var i = 0; i < BatchCalls; i++)
            {
                var batch = Enumerable.Range(0, BatchSize).Select(j => texts[(i * BatchSize + j) % texts.Count]).ToList();
                engineBatch.Add(await TimeAsync(() => engine.ClassifyAsync(batch)));
                platformBatch.Add(await TimeAsync(() => inference.ClassifyAsync(model, batch)));
            }
        }
        Console.WriteLine();
        Console.WriteLine("| calls | engine alone (ep serve) | platform | ratio p50 platform/engine |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine($"| 1 text each ({engineSingle.Count}) | {Percentiles.Describe(engineSingle)} | {Percentiles.Describe(platformSingle)} | {Percentiles.Of(platformSingle, 50) / Percentiles.Of(engineSingle, 50):F2} |");
        Console.WriteLine($"| {BatchSize} texts each ({engineBatch.Count}) | {Percentiles.Describe(engineBatch)} | {Percentiles.Describe(platformBatch)} | {Percentiles.Of(platformBatch, 50) / Percentiles.Of(engineBatch, 50):F2} |");
        Console.WriteLine($"throughput, 1 text per call: engine {1000 / engineSingle.Average():F0} texts/s, platform {1000 / platformSingle.Average():F0} texts/s");
        Console.WriteLine($"throughput, {BatchSize} texts per call: engine {BatchSize * 1000 / engineBatch.Average():F0} texts/s, platform {BatchSize * 1000 / platformBatch.Average():F0} texts/s");

        // Many callers at once: the worker's process answers one request at a time, so calls queue.
        var concurrent = new List<double>();
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async c =>
        {
            for (var i = 0; i < SingleCalls / 2; i++)
            {
                var ms = await TimeAsync(() => inference.ClassifyAsync(model, [texts[(c * 50 + i) % texts.Count]]));
                lock (concurrent)
                    concurrent.Add(ms);
            }
        }));
        Console.WriteLine($"{Concurrent} concurrent callers, 1 text per call: {concurrent.Count / clock.Elapsed.TotalSeconds:F0} texts/s; latency {Percentiles.Describe(concurrent)}");

        // Cold model loads: other versions (other checkpoints) of the model, the serving process already warm.
        Console.WriteLine();
        Console.WriteLine("| version | first call (fetch + load + answer) | second call | cold cost |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var version in coldVersions)
        {
            var cold = await TimeAsync(() => inference.ClassifyAsync(version, [texts[1]]));
            var warm = await TimeAsync(() => inference.ClassifyAsync(version, [texts[1]]));
            Console.WriteLine($"| {version} | {cold:F0} ms | {warm:F1} ms | {cold - warm:F0} ms |");
        }
        var stats = (await inference.GetStatsAsync()).Single(s => s.Running);
        Console.WriteLine($"worker cache: {stats.Models} models, {stats.Bytes / 1048576.0:F1} of {stats.CapacityBytes / 1048576.0:F0} MiB, hits {stats.Hits}, misses {stats.Misses}, fetched {stats.Downloads}");
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed.TotalMilliseconds;
    }
}
