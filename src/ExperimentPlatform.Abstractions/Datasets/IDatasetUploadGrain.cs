namespace ExperimentPlatform.Datasets;

/// <summary>
/// One upload of a dataset file through the cluster (the typed client and <c>ep datasets upload</c>), keyed by a
/// fresh id: the caller sends the file in chunks, which are staged in Blob storage, then completes it, which imports
/// the staged file as a new version. Nothing is visible until the import has validated and stored all of it.
/// </summary>
[Alias("ep.IDatasetUploadGrain")]
public interface IDatasetUploadGrain : IGrainWithGuidKey
{
    public const int ChunkBytes = 1 << 20;

    /// <summary>Starts the upload of a file (its name's extension tells the format, as for HTTP uploads).</summary>
    [Alias("Start")]
    Task StartAsync(string fileName);

    /// <summary>Stages chunk number <paramref name="index"/> (0, 1, 2, …; at most <see cref="ChunkBytes"/> bytes).</summary>
    [Alias("Append")]
    Task AppendAsync(int index, byte[] chunk);

    /// <summary>Starts importing the staged file into <paramref name="dataset"/> as <paramref name="request"/> describes (its location is ignored); returns the job.</summary>
    [Alias("CompleteJob")]
    Task<DatasetImportJob> CompleteAsync(string dataset, ImportRequest request);
}
