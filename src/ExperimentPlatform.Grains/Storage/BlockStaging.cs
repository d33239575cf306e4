using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// Uploads in chunks: each chunk is staged as a numbered block of one blob (uncommitted blocks are invisible and expire by
/// themselves), and committing the first <c>count</c> blocks makes the blob appear whole.
/// </summary>
public static class BlockStaging
{
    public static async Task StageBlockAsync(this BlobContainerClient container, string blobName, int index, byte[] data, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(data, writable: false);
        await container.GetBlockBlobClient(blobName).StageBlockAsync(BlockId(index), stream, cancellationToken: cancellationToken);
    }

    public static async Task CommitBlocksAsync(this BlobContainerClient container, string blobName, int count, CancellationToken cancellationToken = default) =>
        await container.GetBlockBlobClient(blobName).CommitBlockListAsync(Enumerable.Range(0, count).Select(BlockId), cancellationToken: cancellationToken);

    private static string BlockId(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{index:D8}"));
}
