using ExperimentPlatform.Grains.Storage;

namespace ExperimentPlatform.Grains.Workers;

/// <summary>
/// Token ids computed once per (dataset version, tokenizer) for all workers: a worker's token cache folder for a
/// dataset is filled from Blob storage before a run starts, and what a run tokenized afresh is uploaded once it has
/// started, so the next run on any worker reads instead of tokenizing.
/// </summary>
public sealed class SharedTokenCache(DatasetContentStore store)
{
    /// <summary>The local folder <c>ep</c> caches this dataset's token ids in, filled from Blob storage.</summary>
    public async Task<string> PrepareAsync(string root, string sha256, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, "tokens", sha256);
        Directory.CreateDirectory(folder);
        foreach (var blob in await store.ListAsync(DatasetContentStore.TokenPrefix(sha256), cancellationToken))
        {
            var path = Path.Combine(folder, Path.GetFileName(blob));
            if (File.Exists(path))
                continue;
            var temporary = $"{path}.download-{Guid.NewGuid():N}";
            await store.DownloadToAsync(blob, temporary, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        return folder;
    }

    /// <summary>Uploads the folder's cache files that Blob storage does not have yet.</summary>
    public async Task ShareAsync(string folder, string sha256, CancellationToken cancellationToken)
    {
        var prefix = DatasetContentStore.TokenPrefix(sha256);
        var stored = (await store.ListAsync(prefix, cancellationToken)).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(folder, "*.tokens"))
        {
            var name = Path.GetFileName(path);
            if (stored.Contains(name))
                continue;
            await store.UploadIfAbsentAsync(prefix + name, path, cancellationToken);
        }
    }
}
