using System.Collections.Concurrent;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Storage;

namespace ExperimentPlatform.Grains.Workers;

/// <summary>
/// A worker's copies of stored dataset versions, one folder per content hash (<see cref="StoredDataset"/>'s layout),
/// downloaded once and shared by every run on the worker. A copy appears only when complete (temporary folder, then rename).
/// </summary>
public sealed class WorkerDatasetCache(DatasetContentStore store)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<string> GetAsync(string root, string sha256, string contentBlob, string splitBlob, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, "datasets", $"{sha256}-{Path.GetFileNameWithoutExtension(splitBlob)}");
        var gate = _locks.GetOrAdd(folder, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(folder))
                return folder;
            var temporary = $"{folder}.tmp-{Guid.NewGuid():N}";
            Directory.CreateDirectory(temporary);
            try
            {
                await using (var target = File.Create(Path.Combine(temporary, StoredDataset.ContentFile)))
                await using (var source = store.OpenRead(contentBlob))
                    await source.CopyToAsync(target, cancellationToken);
                await File.WriteAllBytesAsync(Path.Combine(temporary, StoredDataset.SplitFile), await store.DownloadAsync(splitBlob, cancellationToken), cancellationToken);
                Directory.Move(temporary, folder);
            }
            catch
            {
                Directory.Delete(temporary, recursive: true);
                throw;
            }
            return folder;
        }
        finally
        {
            gate.Release();
        }
    }
}
