using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Datasets;
using ExperimentPlatform.Datasets.Catalog;
using ExperimentPlatform.Datasets.Ingestion;
using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Options;

// Dataset import vs a plain blob upload of the same bytes to the same Azurite, alternating A/B.
// Usage: DatasetImportBench <connection-string> <catalog-folder> <work-folder> [megabytes] [pairs]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: DatasetImportBench <connection-string> <catalog-folder> <work-folder> [megabytes=100] [pairs=3]");
    return 2;
}
var connection = args[0];
var catalogFolder = args[1];
var work = args[2];
var megabytes = args.Length > 3 ? int.Parse(args[3]) : 100;
var pairs = args.Length > 4 ? int.Parse(args[4]) : 3;

var corpus = Path.Combine(work, "corpus.jsonl");
var bytes = WriteCorpus(corpus, catalogFolder, megabytes * 1_000_000L);
Console.WriteLine($"corpus: {corpus}, {bytes / 1e6:F1} MB of JSONL text records (Moby-Dick and SOTU paragraphs)");

var container = $"bench-{Guid.NewGuid():N}"[..20];
var storage = new PlatformStorage(new StorageOptions { ConnectionString = connection, DatasetContainer = container });
var store = new DatasetContentStore(storage);
await store.EnsureCreatedAsync();
var ingestor = new DatasetIngestor(store, new BuiltInCatalog(Options.Create(new CatalogOptions { Path = catalogFolder })),
    Options.Create(new IngestionLimits()));
var plainOptions = new BlobUploadOptions
{
    // The same transfer shape the platform's own uploads use: 4 MiB blocks, 4 in flight.
    TransferOptions = new StorageTransferOptions { InitialTransferSize = 4 << 20, MaximumTransferSize = 4 << 20, MaximumConcurrency = 4 },
};

async Task<double> PlainUploadAsync(int i)
{
    var watch = Stopwatch.StartNew();
    await using (var file = File.OpenRead(corpus))
        await storage.DatasetContainer.GetBlobClient($"plain/{i}").UploadAsync(file, plainOptions);
    return watch.Elapsed.TotalSeconds;
}

async Task<(double Seconds, IngestResult Result)> ImportAsync(int i)
{
    var watch = Stopwatch.StartNew();
    var result = await ingestor.IngestAsync("bench", new ImportRequest
    {
        Version = $"v{i}", Kind = DatasetKind.Text, SourceType = ImportSourceType.LocalPath, Location = corpus, Actor = "bench",
    }, CancellationToken.None);
    return (watch.Elapsed.TotalSeconds, result);
}

await PlainUploadAsync(-1); // warm-up: JIT, connections, Azurite's first extent
await ImportAsync(-1);

var ratios = new List<double>();
IngestResult? last = null;
for (var i = 0; i < pairs; i++)
{
    var plain = await PlainUploadAsync(i);
    var (import, result) = await ImportAsync(i);
    last = result;
    var ratio = plain / import; // import throughput / plain throughput over the same source bytes
    ratios.Add(ratio);
    Console.WriteLine($"pair {i + 1}: plain upload {bytes / 1e6 / plain,7:F1} MB/s ({plain:F2} s) | import {bytes / 1e6 / import,7:F1} MB/s ({import:F2} s) | ratio {ratio:F2}");
}
ratios.Sort();
var median = ratios[ratios.Count / 2];
Console.WriteLine($"median ratio import/plain: {median:F2} (target >= 0.80)");
Console.WriteLine($"last import: {last!.Statistics.Documents:N0} records, {last.Statistics.Bytes / 1e6:F1} MB canonical, sha256 {last.Sha256[..16]}…");

// Token counting runs after an import returns (in the background); measured here for the record.
var countWatch = Stopwatch.StartNew();
var tokens = await new TokenCounter(store).CountAsync(new DatasetVersion
{
    Name = "v0", Sha256 = last.Sha256, Kind = DatasetKind.Text, ContentBlob = last.ContentBlob, SplitBlob = last.SplitBlob,
    Statistics = last.Statistics, Split = last.Split, CreatedBy = "bench", CreatedAt = DateTimeOffset.UtcNow, Source = last.Source,
}, CancellationToken.None);
Console.WriteLine($"background GPT-2 token count: {tokens:N0} tokens in {countWatch.Elapsed.TotalSeconds:F1} s ({tokens / countWatch.Elapsed.TotalSeconds / 1e6:F2} M tokens/s)");

// The private Azurite and its folder are removed by run.sh.
return 0;

static long WriteCorpus(string path, string catalog, long target)
{
    var paragraphs = new List<string>();
    foreach (var file in Directory.EnumerateFiles(Path.Combine(catalog, "moby-dick", "data"), "chapter_*.json")
                 .Concat(Directory.EnumerateFiles(Path.Combine(catalog, "sotu", "data"), "*.json")).Order(StringComparer.Ordinal))
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        paragraphs.AddRange(doc.RootElement.GetProperty("text").GetString()!.Split("\n\n", StringSplitOptions.RemoveEmptyEntries));
    }
    using var output = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    long written = 0;
    var record = new StringBuilder();
    for (var i = 0; written < target; i++)
    {
        // Documents of 8 paragraphs, each record distinct (its number), like a scraped corpus.
        record.Clear().Append("{\"text\":").Append(JsonSerializer.Serialize($"[{i}] " + string.Join("\n\n",
            Enumerable.Range(0, 8).Select(k => paragraphs[(i * 8 + k) % paragraphs.Count])))).Append(",\"id\":").Append(i).Append("}\n");
        output.Write(record);
        written += Encoding.UTF8.GetByteCount(record.ToString());
    }
    return written;
}
