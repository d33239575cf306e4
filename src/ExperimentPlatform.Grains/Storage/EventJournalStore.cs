using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// Silos' event journals in the runs container: <c>journal/{silo}/{seq}.json</c>, one blob per group commit holding
/// the events of every run that appended on that silo meanwhile. <c>{silo}</c> is the silo's address with ':' and
/// '@' replaced by '_' and '~' (neither occurs in an address), so a folder names its silo and its incarnation.
/// </summary>
public sealed class EventJournalStore(PlatformStorage storage, RunBlobStore runs)
{
    public const string Root = "journal/";

    private readonly BlobContainerClient _container = storage.RunContainer;

    public static string FolderOf(SiloAddress silo) => silo.ToParsableString().Replace(':', '_').Replace('@', '~');

    public static SiloAddress? SiloOf(string folder)
    {
        try
        {
            return SiloAddress.FromParsableString(folder.Replace('_', ':').Replace('~', '@'));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string BlobName(string folder, long seq) => $"{Root}{folder}/{seq:D12}.json";

    /// <summary>Writes one group commit; a retry of the same blob finds it stored and succeeds.</summary>
    public async Task WriteAsync(string folder, long seq, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        await runs.EnsureCreatedAsync(cancellationToken);
        try
        {
            await _container.GetBlobClient(BlobName(folder, seq)).UploadAsync(BinaryData.FromObjectAsJson(entries, RunJson.Options),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Stored by an earlier try: journal blobs are written once, by their silo only.
        }
    }

    /// <summary>The journal folders in storage (one per silo incarnation that has unreplayed events).</summary>
    public async Task<List<string>> ListFoldersAsync(CancellationToken cancellationToken = default)
    {
        await runs.EnsureCreatedAsync(cancellationToken);
        var folders = new List<string>();
        await foreach (var item in _container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = Root, Delimiter = "/" }, cancellationToken))
        {
            if (item.IsPrefix)
                folders.Add(item.Prefix[Root.Length..].TrimEnd('/'));
        }
        return folders;
    }

    /// <summary>A folder's blob names, oldest commit first.</summary>
    public async Task<List<string>> ListAsync(string folder, CancellationToken cancellationToken = default) =>
        [.. (await _container.NamesAsync($"{Root}{folder}/", cancellationToken)).Order(StringComparer.Ordinal)];

    public async Task<List<JournalEntry>> ReadAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var content = await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        return JsonSerializer.Deserialize<List<JournalEntry>>(content.Value.Content.ToStream(), RunJson.Options) ?? [];
    }

    public async Task DeleteAsync(string folder, long seq, CancellationToken cancellationToken = default) =>
        await DeleteAsync(BlobName(folder, seq), cancellationToken);

    public async Task DeleteAsync(string blobName, CancellationToken cancellationToken = default) =>
        await _container.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
}
