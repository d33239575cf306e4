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
/// as <c>huggingface.zip</c> — deleted with it, if ever. Concurrent requests for the same checkpoint share one export.
/// </summary>
public sealed class HuggingFaceExports(RunBlobStore blobs, CheckpointFolders folders, IOptions<WorkerOptions> worker, ILogger<HuggingFaceExports> logger)
{
    public const string FileName = "huggingface.zip";
    private const string Sha256Key = "sha256";
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromMinutes(20);

    private readonly ConcurrentDictionary<string, Lazy<Task<(long, string)>>> _running = new(StringComparer.Ordinal);

    public static string BlobName(CheckpointRecord checkpoint) => checkpoint.Prefix + FileName;

    /// <summary>The export's size and SHA-256 if it was made, else null.</summary>
    public async Task<(long Bytes, string Sha256)?> FindAsync(CheckpointRecord checkpoint)
    {
        if (await blobs.PropertiesAsync(BlobName(checkpoint)) is not { } found)
            return null;
        return (found.Bytes, found.Metadata.TryGetValue(Sha256Key, out var sha) ? sha : "");
    }

    /// <summary>Makes the export unless it exists; <paramref name="root"/> is this worker's working folder.</summary>
    public async Task<ModelExport> ExportAsync(string root, ModelVersion version)
    {
        var name = BlobName(version.Checkpoint);
        var made = _running.GetOrAdd(name, _ => new Lazy<Task<(long, string)>>(() => MakeAsync(root, version)));
        try
        {
            var (bytes, sha) = await made.Value;
            return new ModelExport { Version = version.Ref, Bytes = bytes, Sha256 = sha };
        }
        finally
        {
            _running.TryRemove(KeyValuePair.Create(name, made));
        }
    }

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
