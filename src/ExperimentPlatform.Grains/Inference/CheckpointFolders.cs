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

    private readonly ConcurrentDictionary<string, Lazy<Task<long>>> _downloads = new(StringComparer.Ordinal);
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
        var download = _downloads.GetOrAdd(folder, f => new Lazy<Task<long>>(() => DownloadAsync(f, checkpoint)));
        long bytes;
        try
        {
            bytes = await download.Value;
        }
        finally
        {
            _downloads.TryRemove(KeyValuePair.Create(folder, download));
        }
        lock (_gate)
            _local[folder] = _local.TryGetValue(folder, out var entry) ? (DateTime.UtcNow, entry.InUse + 1, entry.Bytes) : (DateTime.UtcNow, 1, bytes);
        Evict(folder);
        return new CheckpointLease(folder, Release);
    }

    /// <summary>Fetches the folder unless it is on disk already; returns its bytes on disk.</summary>
    private async Task<long> DownloadAsync(string folder, CheckpointRecord checkpoint)
    {
        if (Directory.Exists(folder))
            return FolderBytes(folder);
        var staging = $"{folder}.part-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var file in checkpoint.Files.Where(f => !TrainingOnly.Contains(f)))
                await blobs.DownloadFileAsync(checkpoint.Prefix + file, Path.Combine(staging, file));
            Directory.Move(staging, folder);
            Interlocked.Increment(ref _downloadCount);
            var bytes = FolderBytes(folder);
            logger.LogInformation("Serving: fetched checkpoint {Prefix} ({MiB:F1} MiB)", checkpoint.Prefix, bytes / 1048576.0);
            return bytes;
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another silo process sharing the folder won the rename; use its copy.
            return FolderBytes(folder);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
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
