using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// Uploaded Hugging Face models in the runs container (run ids start with <c>run-</c>, so no run's blobs share the prefix):
/// <c>imports/{id}/config.json</c> and <c>model.safetensors</c> (staged in blocks, committed when complete),
/// <c>imports/{id}/import.json</c> (the validated upload, written last: an upload without it is not usable), and
/// <c>imports/{id}/run</c> (the one run it started). The whole folder is deleted when that run ends or the upload is refused.
/// </summary>
public sealed class ImportBlobStore(PlatformStorage storage, RunBlobStore blobs)
{
    private const string Manifest = "import.json";
    private const string Claim = "run";
    private readonly BlobContainerClient _container = storage.RunContainer;

    public static string Prefix(string id) => $"imports/{id}/";

    /// <summary>The uploaded files as a starting point a worker downloads (they are a Hugging Face folder).</summary>
    public static CheckpointRef StartFor(ImportedWeights weights, string tokenizer) =>
        new("", 0, Prefix(weights.Id), [IModelImportGrain.ConfigFile, IModelImportGrain.WeightsFile], tokenizer, RunKind.Pretrain);

    public async Task StageBlockAsync(string id, string file, int index, byte[] chunk, CancellationToken cancellationToken = default)
    {
        await blobs.EnsureCreatedAsync(cancellationToken);
        await _container.StageBlockAsync(Prefix(id) + file, index, chunk, cancellationToken);
    }

    public Task CommitBlocksAsync(string id, string file, int count, CancellationToken cancellationToken = default) =>
        _container.CommitBlocksAsync(Prefix(id) + file, count, cancellationToken);

    /// <summary>Bytes <paramref name="offset"/>.. of a committed file, at most <paramref name="count"/>.</summary>
    public async Task<byte[]> ReadAsync(string id, string file, long offset, int count, CancellationToken cancellationToken = default)
    {
        var response = await _container.GetBlobClient(Prefix(id) + file).DownloadContentAsync(
            new BlobDownloadOptions { Range = new HttpRange(offset, count) }, cancellationToken);
        return response.Value.Content.ToArray();
    }

    public async Task WriteManifestAsync(ModelImport upload, CancellationToken cancellationToken = default) =>
        await _container.GetBlobClient(Prefix(upload.Id) + Manifest).UploadAsync(BinaryData.FromObjectAsJson(upload, RunJson.Options), overwrite: true, cancellationToken);

    /// <summary>The validated upload, or null when there is none (never completed, refused, or deleted after its run).</summary>
    public async Task<ModelImport?> ReadManifestAsync(string id, CancellationToken cancellationToken = default)
    {
        await blobs.EnsureCreatedAsync(cancellationToken);
        try
        {
            var content = await _container.GetBlobClient(Prefix(id) + Manifest).DownloadContentAsync(cancellationToken);
            return JsonSerializer.Deserialize<ModelImport>(content.Value.Content.ToStream(), RunJson.Options);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Records <paramref name="run"/> as the one run the upload starts; returns the run that had claimed it before, or null.</summary>
    public async Task<string?> ClaimAsync(string id, string run, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(Prefix(id) + Claim);
        try
        {
            await blob.UploadAsync(BinaryData.FromString(run), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var owner = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            return owner == run ? null : owner;
        }
    }

    /// <summary>Deletes the upload's folder (idempotent).</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        foreach (var name in await blobs.ListAsync(Prefix(id), cancellationToken))
            await blobs.DeleteAsync(name, cancellationToken);
    }
}
