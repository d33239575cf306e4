using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ExperimentPlatform.Grains.Storage;

internal static class BlobListing
{
    /// <summary>Names of the blobs under a prefix.</summary>
    public static async Task<List<string>> NamesAsync(this BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            names.Add(item.Name);
        return names;
    }
}
