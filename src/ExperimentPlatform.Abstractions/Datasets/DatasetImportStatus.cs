namespace ExperimentPlatform.Datasets;

/// <summary>Where a dataset import job stands.</summary>
public enum DatasetImportStatus
{
    Importing,
    Completed,
    Failed,
}
