using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// Streams bytes into a block blob while hashing them. Blocks are staged as they fill (a few uploads in flight),
/// but the blob does not exist until <see cref="CommitAsync"/>: content that fails validation is never visible,
/// and its uncommitted blocks are discarded by the service.
/// </summary>
public sealed class ContentWriter : IAsyncDisposable
{
    private const int BlockSize = 4 * 1024 * 1024;
    private const int MaxInFlight = 4;

    private readonly BlockBlobClient _blob;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<string> _blockIds = [];
    private readonly Queue<Task> _inFlight = new();
    private byte[] _block = ArrayPool<byte>.Shared.Rent(BlockSize);
    private int _filled;

    public ContentWriter(BlockBlobClient blob) => _blob = blob;

    public string BlobName => _blob.Name;

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _sha256.AppendData(bytes.Span);
        Length += bytes.Length;
        while (bytes.Length > 0)
        {
            var take = Math.Min(bytes.Length, BlockSize - _filled);
            bytes.Span[..take].CopyTo(_block.AsSpan(_filled));
            _filled += take;
            bytes = bytes[take..];
            if (_filled == BlockSize)
                await StageAsync(cancellationToken);
        }
    }

    /// <summary>Writes a small buffer synchronously when it fits the current block (the common case per record).</summary>
    public bool TryWrite(ReadOnlySpan<byte> bytes)
    {
        if (_filled + bytes.Length >= BlockSize)
            return false;
        _sha256.AppendData(bytes);
        Length += bytes.Length;
        bytes.CopyTo(_block.AsSpan(_filled));
        _filled += bytes.Length;
        return true;
    }

    /// <summary>Lower-case hex SHA-256 of everything written; call once, before <see cref="CommitAsync"/>.</summary>
    public string FinishHash() => Convert.ToHexStringLower(_sha256.GetHashAndReset());

    /// <summary>Uploads the last block and makes the blob visible. Never overwrites an existing blob.</summary>
    public async Task CommitAsync(IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (_filled > 0 || _blockIds.Count == 0)
            await StageAsync(cancellationToken);
        await Task.WhenAll(_inFlight);
        _inFlight.Clear();
        await _blob.CommitBlockListAsync(_blockIds, new CommitBlockListOptions
        {
            Metadata = metadata,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson; charset=utf-8" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, cancellationToken);
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        while (_inFlight.Count >= MaxInFlight)
            await _inFlight.Dequeue();
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{_blockIds.Count:D8}"));
        _blockIds.Add(id);
        var block = _block;
        var length = _filled;
        _inFlight.Enqueue(Task.Run(async () =>
        {
            try
            {
                using var content = new MemoryStream(block, 0, length, writable: false);
                await _blob.StageBlockAsync(id, content, cancellationToken: cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(block);
            }
        }, cancellationToken));
        _block = ArrayPool<byte>.Shared.Rent(BlockSize);
        _filled = 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_inFlight);
        }
        catch (RequestFailedException)
        {
            // The import already failed; its staged blocks are discarded with it.
        }
        _inFlight.Clear();
        ArrayPool<byte>.Shared.Return(_block);
        _block = [];
        _sha256.Dispose();
    }
}
