using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;
using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>
/// A file uploaded in chunks through the cluster: each chunk is staged as a block of one blob (uncommitted blocks
/// are invisible and expire by themselves), and completing commits the blocks and imports the blob like an HTTP
/// upload. Thin: storage does the staging, the dataset grain the import.
/// </summary>
public sealed class DatasetUploadGrain(DatasetContentStore store, IOptions<IngestionLimits> limits) : Grain, IDatasetUploadGrain
{
    private string? _blob;
    private int _chunks;
    private long _bytes;

    public Task StartAsync(string fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > 200 || fileName.IndexOfAny(['/', '\\']) >= 0 || fileName.Any(char.IsControl))
            throw new DatasetInputException($"'{fileName}' is not a file name (no folders, at most 200 printable characters)");
        if (_blob is not null)
            throw new DatasetConflictException("this upload has already started");
        _blob = DatasetContentStore.UploadBlobName(fileName);
        return Task.CompletedTask;
    }

    public async Task AppendAsync(int index, byte[] chunk)
    {
        var blob = _blob ?? throw new DatasetConflictException("start the upload before sending chunks");
        if (index != _chunks)
            throw new DatasetInputException($"chunk {index} arrived, chunk {_chunks} was expected (send chunks in order, each once)");
        if (chunk.Length is 0 or > IDatasetUploadGrain.ChunkBytes)
            throw new DatasetInputException($"a chunk holds 1 to {IDatasetUploadGrain.ChunkBytes:N0} bytes, not {chunk.Length:N0}");
        if (_bytes + chunk.Length > limits.Value.MaxSourceBytes)
            throw new DatasetInputException($"upload is larger than the limit of {limits.Value.MaxSourceBytes:N0} bytes (Datasets:MaxSourceBytes)");
        await store.StageBlockAsync(blob, index, chunk);
        _chunks++;
        _bytes += chunk.Length;
    }

    public async Task<DatasetImportJob> CompleteAsync(string dataset, ImportRequest request)
    {
        var blob = _blob ?? throw new DatasetConflictException("start the upload before completing it");
        if (_chunks == 0)
            throw new DatasetInputException("the upload is empty");
        await store.CommitBlocksAsync(blob, _chunks);
        try
        {
            // The dataset grain deletes the staged blob when the import ends, stored or refused.
            return await GrainFactory.GetGrain<IDatasetGrain>(dataset).StartImportAsync(request with
            {
                SourceType = ImportSourceType.StagedUpload, Location = blob, FileName = request.FileName ?? Path.GetFileName(blob),
            });
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
