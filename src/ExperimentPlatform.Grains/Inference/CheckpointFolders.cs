using System.Collections.Concurrent;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Inference;

/// <summary>
/// Registered checkpoints copied from Blob storage to this worker's disk for serving: the manifest and weights only
/// (no optimizer state), one download per checkpoint however many requests wait for it, written aside and renamed
/// into place so a half-copied folder is never served. Bounded in bytes: least recently used folders go first,
/// never one a request is using.
/// </summary>
public sealed class CheckpointFolders(RunBlobStore blobs, IOptions<InferenceOptions> options, ILogger<CheckpointFolders> logger)
{
    /// <summary>Files a checkpoint needs only to resume training.</summary>
    private static readonly HashSet<string> TrainingOnly = ["optimizer.safetensors", "rng.bin"];

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _downloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTime Used, int InUse, long Bytes)> _local = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _downloadCount;

    public long Downloads => Interlocked.Read(ref _downloadCount);

    public int Count
    {
        get
        {
            lock (_gate)
                return _local.Count;
        }
    }

    /// <summary>
    /// The local folder of <paramref name="checkpoint"/> under <paramref name="root"/>, downloaded if needed; the caller
    /// holds it (safe from eviction) until it disposes the lease.
    /// </summary>
    public async Task<CheckpointLease> AcquireAsync(string root, CheckpointRecord checkpoint)
    {
        var folder = Path.Combine(root, "serving", checkpoint.Prefix.TrimEnd('/').Replace('/', Path.DirectorySeparatorChar));
        lock (_gate)
        {
            if (_local.TryGetValue(folder, out var known))
            {
                _local[folder] = (DateTime.UtcNow, known.InUse + 1, known.Bytes);
                return new CheckpointLease(folder, Release);
            }
        }
        var download = _downloads.GetOrAdd(folder, f => new Lazy<Task<string>>(() => DownloadAsync(f, checkpoint)));
        try
        {
            await download.Value;
        }
        finally
        {
            _downloads.TryRemove(KeyValuePair.Create(folder, download));
        }
        lock (_gate)
        {
            var entry = _local.TryGetValue(folder, out var found) ? found : (Used: DateTime.UtcNow, InUse: 0, Bytes: checkpoint.Bytes);
            _local[folder] = (DateTime.UtcNow, entry.InUse + 1, entry.Bytes);
        }
        Evict(folder);
        return new CheckpointLease(folder, Release);
    }

    private async Task<string> DownloadAsync(string folder, CheckpointRecord checkpoint)
    {
        if (!Directory.Exists(folder))
        {
            var staging = $"{folder}.part-{Guid.NewGuid():N}";
            try
            {
                long bytes = 0;
                Directory.CreateDirectory(staging);
                foreach (var file in checkpoint.Files.Where(f => !TrainingOnly.Contains(f)))
                {
                    var path = Path.Combine(staging, file);
                    await blobs.DownloadFileAsync(checkpoint.Prefix + file, path);
                    bytes += new FileInfo(path).Length;
                }
                Directory.Move(staging, folder);
                Interlocked.Increment(ref _downloadCount);
                logger.LogInformation("Serving: fetched checkpoint {Prefix} ({MiB:F1} MiB)", checkpoint.Prefix, bytes / 1048576.0);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another silo process sharing the folder won the rename; use its copy.
            }
            finally
            {
                if (Directory.Exists(staging))
                    Directory.Delete(staging, recursive: true);
            }
        }
        lock (_gate)
            if (!_local.ContainsKey(folder))
                _local[folder] = (DateTime.UtcNow, 0, FolderBytes(folder));
        return folder;
    }

    private void Release(string folder)
    {
        lock (_gate)
            if (_local.TryGetValue(folder, out var entry))
                _local[folder] = (entry.Used, Math.Max(0, entry.InUse - 1), entry.Bytes);
    }

    /// <summary>Deletes least recently used folders not in use until the rest fit the bound (the newest always stays).</summary>
    private void Evict(string keep)
    {
        var capacity = options.Value.DiskCacheMiB << 20;
        List<string> doomed = [];
        lock (_gate)
        {
            var total = _local.Values.Sum(e => e.Bytes);
            foreach (var (folder, entry) in _local.OrderBy(e => e.Value.Used).ToList())
            {
                if (total <= capacity)
                    break;
                if (folder == keep || entry.InUse > 0)
                    continue;
                _local.Remove(folder);
                total -= entry.Bytes;
                doomed.Add(folder);
            }
        }
        foreach (var folder in doomed)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                logger.LogInformation("Serving: dropped checkpoint folder {Folder} (disk bound {MiB} MiB)", folder, options.Value.DiskCacheMiB);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Serving: could not delete {Folder}", folder);
            }
        }
    }

    private static long FolderBytes(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
