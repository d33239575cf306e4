using System.Diagnostics;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Bench;

/// <summary>
/// RUNS brand-new run logs at once: each created as a launch creates it (no storage read), then given its first event
/// (what the launch's first status costs) and its second; then as many logs nobody created activated by a read
/// (what a log with no summary costs: a read of its summary). Latency of each call, against the emulator's floor.
/// </summary>
internal static class StartupStorm
{
    public static async Task RunAsync(IClusterClient cluster, int runs, string? storage)
    {
        if (storage is not null)
        {
            // The floor: the same number of blob reads of missing blobs and small writes, straight from this process.
            var container = new Azure.Storage.Blobs.BlobContainerClient(storage, "storm-floor", new Azure.Storage.Blobs.BlobClientOptions(Azure.Storage.Blobs.BlobClientOptions.ServiceVersion.V2026_06_06));
            await container.CreateIfNotExistsAsync();
            var sw = Stopwatch.StartNew();
            var reads = await Task.WhenAll(Enumerable.Range(0, runs).Select(i => TimeAsync(async () => (await container.GetBlobClient($"missing-{i}").ExistsAsync()).Value)));
            Console.WriteLine($"floor: {runs:N0} reads of missing blobs at once in {sw.Elapsed.TotalSeconds:F1} s; each: {Percentiles.Describe([.. reads])}");
            sw.Restart();
            var writes = await Task.WhenAll(Enumerable.Range(0, runs).Select(i => TimeAsync(async () => (await container.GetBlobClient($"written-{i}").UploadAsync(new BinaryData(new byte[64]), overwrite: true)).Value)));
            Console.WriteLine($"floor: {runs:N0} small writes at once in {sw.Elapsed.TotalSeconds:F1} s; each: {Percentiles.Describe([.. writes])}");
        }
        var prefix = $"storm-{Guid.NewGuid():N}"[..14];
        var logs = Enumerable.Range(0, runs).Select(i => cluster.GetGrain<IRunEventsGrain>($"{prefix}-{i:D5}")).ToList();
        var clock = Stopwatch.StartNew();
        var creates = await Task.WhenAll(logs.Select(log => TimeAsync(async () => { await log.CreateAsync(); return 0; })));
        Console.WriteLine($"{runs:N0} logs created at once in {clock.Elapsed.TotalSeconds:F1} s; each call: {Percentiles.Describe([.. creates])}");
        clock.Restart();
        var firsts = await Task.WhenAll(logs.Select(log => TimeAsync(() => log.AppendAsync([new RunEvent { Type = RunEventTypes.Log, Text = "first", At = DateTimeOffset.UtcNow }]))));
        Console.WriteLine($"their first events appended at once in {clock.Elapsed.TotalSeconds:F1} s; each call: {Percentiles.Describe([.. firsts])}");
        clock.Restart();
        var seconds = await Task.WhenAll(logs.Select(log => TimeAsync(() => log.AppendAsync([new RunEvent { Type = RunEventTypes.Log, Text = "second", At = DateTimeOffset.UtcNow }]))));
        Console.WriteLine($"their second events appended at once in {clock.Elapsed.TotalSeconds:F1} s; each call: {Percentiles.Describe([.. seconds])}");
        var uncreated = Enumerable.Range(0, runs).Select(i => cluster.GetGrain<IRunEventsGrain>($"{prefix}-u{i:D5}")).ToList();
        clock.Restart();
        var heads = await Task.WhenAll(uncreated.Select(log => TimeAsync(() => log.GetHeadAsync())));
        Console.WriteLine($"{runs:N0} logs nobody created activated by a read at once in {clock.Elapsed.TotalSeconds:F1} s; each call: {Percentiles.Describe([.. heads])}");
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
