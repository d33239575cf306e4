using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// Dataset bytes in Blob storage. Layout of the container:
/// <c>uploads/{id}/{file}</c> raw uploads waiting for import (temporary),
/// <c>content/{dataset}/{importId}.jsonl</c> canonical content (committed only after validation),
/// <c>splits/{dataset}/{importId}.bin</c> one split byte per record.
/// </summary>
public sealed class DatasetContentStore(PlatformStorage storage)
{
    private readonly BlobContainerClient _container = storage.DatasetContainer;
    private volatile bool _created;

    public static string ContentBlobName(string dataset, string importId) => $"content/{dataset}/{importId}.jsonl";

    public static string SplitBlobName(string dataset, string importId) => $"splits/{dataset}/{importId}.bin";

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (_created)
            return;
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        _created = true;
    }

    public async Task<ContentWriter> CreateContentWriterAsync(string blobName, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        return new ContentWriter(_container.GetBlockBlobClient(blobName));
    }

    public async Task UploadAsync(string blobName, BinaryData data, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await _container.GetBlobClient(blobName).UploadAsync(data, overwrite: false, cancellationToken);
    }

    public async Task<byte[]> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        var result = await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        return result.Value.Content.ToArray();
    }

    /// <summary>A seekable read stream over a blob (zip archives need seeking).</summary>
    public Stream OpenRead(string blobName) => _container.GetBlobClient(blobName).OpenRead(new BlobOpenReadOptions(false));

    public async Task DeleteIfExistsAsync(string blobName, CancellationToken cancellationToken = default)
    {
        await _container.GetBlobClient(blobName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    public async Task<bool> ExistsAsync(string blobName, CancellationToken cancellationToken = default) =>
        (await _container.GetBlobClient(blobName).ExistsAsync(cancellationToken)).Value;

    /// <summary>
    /// Streams a raw upload into <c>uploads/</c>, stopping with <see cref="UploadTooLargeException"/> past
    /// <paramref name="maxBytes"/> (the partial blob is removed). Returns the blob name.
    /// </summary>
    public async Task<string> StageUploadAsync(Stream body, string fileName, long maxBytes, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var blobName = $"uploads/{Guid.NewGuid():N}/{fileName}";
        var blob = _container.GetBlockBlobClient(blobName);
        var limited = new LimitedReadStream(body, maxBytes);
        try
        {
            await blob.UploadAsync(limited, new BlobUploadOptions
            {
                TransferOptions = new Azure.Storage.StorageTransferOptions
                {
                    InitialTransferSize = 4 * 1024 * 1024,
                    MaximumTransferSize = 4 * 1024 * 1024,
                    MaximumConcurrency = 4,
                },
            }, cancellationToken);
            return blobName;
        }
        catch
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
    }

    /// <summary>Token ids of a dataset version, shared by every worker: <c>tokens/{sha256}/{file}</c> as ep's token cache names them.</summary>
    public static string TokenPrefix(string sha256) => $"tokens/{sha256}/";

    /// <summary>Names of the blobs under a prefix.</summary>
    public async Task<List<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        return await _container.NamesAsync(prefix, cancellationToken);
    }

    public async Task DownloadToAsync(string blobName, string path, CancellationToken cancellationToken = default) =>
        await _container.GetBlobClient(blobName).DownloadToAsync(path, cancellationToken);

    /// <summary>Uploads a file unless the blob exists (another worker was first; the content is the same).</summary>
    public async Task UploadIfAbsentAsync(string blobName, string path, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            await _container.GetBlobClient(blobName).UploadAsync(path,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All } }, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    /// <summary>Name of a staged upload of <paramref name="fileName"/>.</summary>
    public static string UploadBlobName(string fileName) => $"uploads/{Guid.NewGuid():N}/{fileName}";

    /// <summary>Stages one block of an upload; nothing is visible until <see cref="CommitBlocksAsync"/>.</summary>
    public async Task StageBlockAsync(string blobName, int index, byte[] data, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        await _container.StageBlockAsync(blobName, index, data, cancellationToken);
    }

    public Task CommitBlocksAsync(string blobName, int count, CancellationToken cancellationToken = default) =>
        _container.CommitBlocksAsync(blobName, count, cancellationToken);

    /// <summary>The first <paramref name="count"/> lines of a canonical content blob.</summary>
    public Task<IReadOnlyList<string>> ReadLinesAsync(string blobName, int count, CancellationToken cancellationToken) =>
        ReadLinesAsync(blobName, 0, count, cancellationToken);

    /// <summary>Lines <paramref name="skip"/>.. of a blob, at most <paramref name="count"/> (the lines before are streamed past, not kept).</summary>
    public async Task<IReadOnlyList<string>> ReadLinesAsync(string blobName, long skip, int count, CancellationToken cancellationToken)
    {
        var lines = new List<string>(count);
        await using var stream = await _container.GetBlobClient(blobName).OpenReadAsync(new BlobOpenReadOptions(false) { BufferSize = 256 * 1024 }, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        for (long i = 0; lines.Count < count && await reader.ReadLineAsync(cancellationToken) is { } line; i++)
        {
            if (i >= skip)
                lines.Add(line);
        }
        return lines;
    }

    /// <summary>Bytes <paramref name="offset"/>..offset+count of a blob (fewer at its end).</summary>
    public async Task<byte[]> ReadRangeAsync(string blobName, long offset, int count, CancellationToken cancellationToken = default)
    {
        var response = await _container.GetBlobClient(blobName).DownloadContentAsync(
            new Azure.Storage.Blobs.Models.BlobDownloadOptions { Range = new Azure.HttpRange(offset, count) }, cancellationToken);
        return response.Value.Content.ToArray();
    }
}
