using Orleans.Concurrency;

namespace ExperimentPlatform.Datasets;

/// <summary>One named dataset and its immutable versions. Keyed by the dataset name.</summary>
[Alias("ep.IDatasetGrain")]
public interface IDatasetGrain : IGrainWithStringKey
{
    /// <summary>The dataset with its versions; throws <see cref="DatasetNotFoundException"/> if it has none.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<DatasetDetails> GetAsync();

    /// <summary>Resolves a version by name or by (a prefix of at least 8 hex digits of) its SHA-256.</summary>
    [Alias("GetVersion"), AlwaysInterleave]
    Task<DatasetVersion> GetVersionAsync(string versionOrSha);

    /// <summary>Records <paramref name="offset"/>.. of a version (at most <see cref="DatasetPreview.MaxCount"/>) with their splits.</summary>
    [Alias("Preview"), AlwaysInterleave]
    Task<DatasetPreview> PreviewAsync(string versionOrSha, long offset, int count);

    /// <summary>
    /// Starts importing a new version as a job and returns it at once: the request is checked (a refusal throws and
    /// records nothing), the version name is reserved, and the reading, validation and storing run off the grain's
    /// turn. The version becomes visible only when all of it is valid and stored. Wait with
    /// <see cref="DatasetImports.WaitAsync"/> (or <see cref="DatasetImports.ImportAsync"/>).
    /// </summary>
    [Alias("StartImport")]
    Task<DatasetImportJob> StartImportAsync(ImportRequest request);

    /// <summary>An import job of this dataset: running, or among the last ended ones it keeps.</summary>
    [Alias("GetImport"), AlwaysInterleave]
    Task<DatasetImportJob> GetImportAsync(string id);

    /// <summary>The import jobs it keeps, newest first: every running one and the last ended ones.</summary>
    [Alias("ListImports"), AlwaysInterleave]
    Task<IReadOnlyList<DatasetImportJob>> ListImportsAsync();

    /// <summary>The job's runner stored the content: record it as the version (a short turn).</summary>
    [Alias("RecordImport")]
    Task RecordImportAsync(string id, IngestedContent content);

    /// <summary>The job's runner failed: record why.</summary>
    [Alias("FailImport")]
    Task FailImportAsync(DatasetImportJob failed);

    /// <summary>Deletes a version; refused while anything references it (the error names the referrers).</summary>
    [Alias("DeleteVersion")]
    Task DeleteVersionAsync(string version, string actor);

    /// <summary>Deletes the dataset with all its versions; refused while any version is referenced.</summary>
    [Alias("Delete")]
    Task DeleteAsync(string actor);

    /// <summary>Records that <paramref name="referrer"/> (e.g. "run:abc") uses a version.</summary>
    [Alias("AddReference")]
    Task AddReferenceAsync(string version, string referrer);

    [Alias("RemoveReference")]
    Task RemoveReferenceAsync(string version, string referrer);

    /// <summary>Stores the GPT-2 token count of a version once the background count finishes.</summary>
    [Alias("SetTokenCount")]
    Task SetTokenCountAsync(string sha256, long tokens);
}
