using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using ExperimentPlatform.Grains.Inference;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Grains.Workers;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Models.Exports;

/// <summary>
/// A worker's Hugging Face exports. A version's weights are its checkpoint's, which never change, so one export per
/// checkpoint is made (<c>ep export</c> on the checkpoint fetched for serving, zipped) and kept beside the checkpoint
/// as <c>huggingface.zip</c> — deleted with it, if ever. Exports are jobs: begun here, made on a task of their own,
/// read by status. Concurrent requests for the same checkpoint share one export.
/// </summary>
public sealed class HuggingFaceExports(RunBlobStore blobs, CheckpointFolders folders, IGrainFactory grains, IOptions<WorkerOptions> worker, ILogger<HuggingFaceExports> logger)
{
    public const string FileName = "huggingface.zip";
    private const string Sha256Key = "sha256";
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromMinutes(20);

    /// <summary>Why exports failed here, kept for their callers to read (at most <see cref="KeptFailures"/>).</summary>
    private const int KeptFailures = 100;

    private readonly ConcurrentDictionary<string, Lazy<Task<(long, string)>>> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failed = new(StringComparer.Ordinal);

    public static string BlobName(CheckpointRecord checkpoint) => checkpoint.Prefix + FileName;

    /// <summary>The export's size and SHA-256 if it was made, else null.</summary>
    public async Task<(long Bytes, string Sha256)?> FindAsync(CheckpointRecord checkpoint)
    {
        if (await blobs.PropertiesAsync(BlobName(checkpoint)) is not { } found)
            return null;
        return (found.Bytes, found.Metadata.TryGetValue(Sha256Key, out var sha) ? sha : "");
    }

    /// <summary>
    /// Starts making the export unless it exists or is being made here, and returns at once; <paramref name="root"/> is
    /// this worker's working folder. When made, the export is audited on the model for <paramref name="actor"/>.
    /// </summary>
    public async Task<ModelExportStatus> BeginAsync(string root, ModelVersion version, string actor)
    {
        if (await FindAsync(version.Checkpoint) is { } existing)
        {
            await grains.GetGrain<IModelGrain>(version.Model).RecordExportAsync(Made(version, existing), actor);
            return Exported(version, existing);
        }
        var name = BlobName(version.Checkpoint);
        _failed.TryRemove(name, out _);
        var made = _running.GetOrAdd(name, _ => new Lazy<Task<(long, string)>>(() => MakeAsync(root, version)));
        _ = FinishAsync(name, made, version, actor);
        return new ModelExportStatus { Version = version.Ref, State = ModelExportState.Exporting };
    }

    /// <summary>Where this worker's export of the version stands: stored, being made, failed here, or not started here.</summary>
    public async Task<ModelExportStatus> StatusAsync(ModelVersion version)
    {
        var name = BlobName(version.Checkpoint);
        if (await FindAsync(version.Checkpoint) is { } existing)
            return Exported(version, existing);
        if (_running.ContainsKey(name))
            return new ModelExportStatus { Version = version.Ref, State = ModelExportState.Exporting };
        return new ModelExportStatus
        {
            Version = version.Ref, State = ModelExportState.Failed,
            Error = _failed.TryGetValue(name, out var error) ? error : $"no export of {version.Ref} is being made (the worker making it may have stopped); export it again",
        };
    }

    private async Task FinishAsync(string name, Lazy<Task<(long, string)>> made, ModelVersion version, string actor)
    {
        try
        {
            var export = await made.Value;
            await grains.GetGrain<IModelGrain>(version.Model).RecordExportAsync(Made(version, export), actor);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Exporting {Version} failed", version.Ref);
            if (_failed.Count >= KeptFailures)
                _failed.Clear();
            _failed[name] = e.Message;
        }
        finally
        {
            _running.TryRemove(KeyValuePair.Create(name, made));
        }
    }

    private static ModelExport Made(ModelVersion version, (long Bytes, string Sha256) export) =>
        new() { Version = version.Ref, Bytes = export.Bytes, Sha256 = export.Sha256 };

    private static ModelExportStatus Exported(ModelVersion version, (long Bytes, string Sha256) export) =>
        new() { Version = version.Ref, State = ModelExportState.Exported, Export = Made(version, export) };

    private async Task<(long, string)> MakeAsync(string root, ModelVersion version)
    {
        if (await FindAsync(version.Checkpoint) is { } existing)
            return existing;
        var work = Path.Combine(root, "exports", Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(work, "huggingface");
        var zip = Path.Combine(work, FileName);
        try
        {
            using (var lease = await folders.AcquireAsync(root, version.Checkpoint))
                await RunExportAsync(lease.Folder, folder, version);
            ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
            string sha;
            await using (var stream = File.OpenRead(zip))
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            await blobs.UploadIfAbsentAsync(BlobName(version.Checkpoint), zip, new Dictionary<string, string> { [Sha256Key] = sha });
            logger.LogInformation("Exported {Version} (run {Run} step {Step}) as a Hugging Face folder: {Bytes} bytes", version.Ref, version.Run, version.Checkpoint.Step, new FileInfo(zip).Length);
            // Another worker may have stored its export first: what is stored is what callers read.
            return await FindAsync(version.Checkpoint) ?? throw new InferenceException($"the export of {version.Ref} was uploaded but cannot be found");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private async Task RunExportAsync(string checkpoint, string output, ModelVersion version)
    {
        var (fileName, prefix) = worker.Value.ResolveEp();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in prefix.Concat(["export", "--model", checkpoint, "--out", output]))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InferenceException($"could not start {fileName} to export {version.Ref}");
        var tail = new LineTail(20);
        var reading = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), tail.ReadAsync(process.StandardError));
        using var timeout = new CancellationTokenSource(ExportTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InferenceException($"exporting {version.Ref} took longer than {ExportTimeout.TotalMinutes:0} minutes; stopped");
        }
        await reading;
        if (process.ExitCode != 0)
            throw new InferenceException($"exporting {version.Ref} failed (ep export exited with {process.ExitCode}): {string.Join(" | ", tail.Lines())}");
    }
}
