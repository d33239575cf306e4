using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// Run data in Blob storage. Layout of the container:
/// <c>{run}/events/{firstSeq}-{lastSeq}.json</c> a batch of a run's events compacted from a silo's journal (written
/// once, never changed; batches may overlap after a retry or a replay, and readers skip sequence numbers they have);
/// older logs hold <c>{firstSeq}.json</c> batches, read the same way,
/// <c>{run}/summary.bin</c> the run log's summary (written before its first event is stored, rewritten as it grows),
/// <c>{run}/checkpoints/step-{step}-a{attempt}/{file}</c> a checkpoint's files.
/// </summary>
public sealed class RunBlobStore(PlatformStorage storage)
{
    private readonly BlobContainerClient _container = storage.RunContainer;
    private volatile bool _created;

    public static string EventBatchName(string run, long firstSeq, long lastSeq) => $"{run}/events/{firstSeq:D12}-{lastSeq:D12}.json";

    public static string SummaryName(string run) => $"{run}/summary.bin";

    public static string CheckpointPrefix(string run, int step, int attempt) => $"{run}/checkpoints/step-{step:D6}-a{attempt}/";

    public static string CheckpointsPrefix(string run) => $"{run}/checkpoints/";

    /// <summary>The attempt a checkpoint folder (<see cref="CheckpointPrefix"/>) was written by.</summary>
    public static int AttemptOf(string prefix)
    {
        var folder = prefix.TrimEnd('/');
        return int.Parse(folder[(folder.LastIndexOf("-a", StringComparison.Ordinal) + 2)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (_created)
            return;
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        _created = true;
    }

    /// <summary>Stores a batch of consecutive events under its sequence range; a retry finds it stored and succeeds.</summary>
    public async Task WriteEventsAsync(string run, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        // False: already stored by an earlier try of this batch.
        await CreateAsync(_container.GetBlobClient(EventBatchName(run, events[0].Seq, events[^1].Seq)), BinaryData.FromObjectAsJson(events, RunJson.Options), cancellationToken);
    }

    /// <summary>
    /// A run's stored events after <paramref name="afterSeq"/>, in sequence order, each once (batches may overlap);
    /// batches wholly at or before the position are not read.
    /// </summary>
    public IAsyncEnumerable<RunEvent> ReadEventsAfterAsync(string run, long afterSeq, CancellationToken cancellationToken = default) =>
        ReadEventsAsync(run, afterSeq, long.MaxValue, cancellationToken);

    /// <summary>A run's stored events after <paramref name="afterSeq"/> up to <paramref name="throughSeq"/>, in sequence order, each once; only the batches that hold them are read.</summary>
    public async IAsyncEnumerable<RunEvent> ReadEventsAsync(string run, long afterSeq, long throughSeq,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var batches = (await _container.NamesAsync($"{run}/events/", cancellationToken)).Select(EventBatchRef.Parse).OrderBy(b => b.First).ThenBy(b => b.Last);
        var last = afterSeq;
        foreach (var batch in batches)
        {
            if (batch.Last <= last)
                continue;
            if (batch.First > throughSeq)
                yield break;
            var content = await _container.GetBlobClient(batch.Name).DownloadContentAsync(cancellationToken);
            foreach (var e in JsonSerializer.Deserialize<List<RunEvent>>(content.Value.Content.ToStream(), RunJson.Options) ?? [])
            {
                if (e.Seq <= last)
                    continue;
                if (e.Seq > throughSeq)
                    yield break;
                last = e.Seq;
                yield return e;
            }
        }
    }

    /// <summary>The run log's stored summary (<see cref="SummaryName"/>), or null when it has none.</summary>
    public Task<BinaryData?> ReadSummaryAsync(string run, CancellationToken cancellationToken = default) =>
        ReadOrNullAsync(SummaryName(run), cancellationToken);

    /// <summary>Stores <paramref name="summary"/> unless the run log has one (a journal about to write the log's first batch makes sure it has).</summary>
    public async Task CreateSummaryIfAbsentAsync(string run, byte[] summary, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        await CreateAsync(_container.GetBlobClient(SummaryName(run)), new BinaryData(summary), cancellationToken);
    }

    public async Task WriteSummaryAsync(string run, byte[] summary, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        await _container.GetBlobClient(SummaryName(run)).UploadAsync(new BinaryData(summary), overwrite: true, cancellationToken);
    }

    /// <summary>Stores <paramref name="content"/> under <paramref name="blobName"/> unless it exists; returns what is stored there.</summary>
    public async Task<BinaryData> WriteOnceAsync(string blobName, BinaryData content, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var blob = _container.GetBlobClient(blobName);
        return await CreateAsync(blob, content, cancellationToken) ? content : (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
    }

    /// <summary>Uploads <paramref name="content"/> unless the blob exists; false when it did (a retry, or another writer was first).</summary>
    private static async Task<bool> CreateAsync(BlobClient blob, BinaryData content, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The stored content of a blob, or null when it does not exist.</summary>
    public async Task<BinaryData?> ReadOrNullAsync(string blobName, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            return (await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task UploadFileAsync(string blobName, string path, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        await _container.GetBlobClient(blobName).UploadAsync(path, overwrite: true, cancellationToken);
    }

    /// <summary>Uploads a file with metadata, unless the blob exists (another upload of the same content was first).</summary>
    public async Task UploadIfAbsentAsync(string blobName, string path, IDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            await _container.GetBlobClient(blobName).UploadAsync(path,
                new BlobUploadOptions { Metadata = metadata, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    /// <summary>A blob's size and metadata, or null when it does not exist.</summary>
    public async Task<(long Bytes, IDictionary<string, string> Metadata)?> PropertiesAsync(string blobName, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            var properties = (await _container.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return (properties.ContentLength, properties.Metadata);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Up to <paramref name="count"/> bytes of a blob from <paramref name="offset"/> (empty at or past its end).</summary>
    public async Task<byte[]> ReadAsync(string blobName, long offset, int count, long blobBytes, CancellationToken cancellationToken = default)
    {
        if (offset >= blobBytes)
            return [];
        var response = await _container.GetBlobClient(blobName).DownloadContentAsync(
            new BlobDownloadOptions { Range = new HttpRange(offset, Math.Min(count, blobBytes - offset)) }, cancellationToken);
        return response.Value.Content.ToArray();
    }

    public async Task DownloadFileAsync(string blobName, string path, CancellationToken cancellationToken = default)
    {
        await _container.GetBlobClient(blobName).DownloadToAsync(path, cancellationToken);
    }

    /// <summary>Names of the blobs under a prefix.</summary>
    public async Task<List<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        return await _container.NamesAsync(prefix, cancellationToken);
    }

    public async Task DeleteAsync(string blobName, CancellationToken cancellationToken = default) =>
        await _container.GetBlobClient(blobName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
}
