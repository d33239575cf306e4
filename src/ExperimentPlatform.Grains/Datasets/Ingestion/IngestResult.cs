using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>What an import stored: committed content and split blobs and what they hold.</summary>
public sealed record IngestResult(
    string Sha256,
    string ContentBlob,
    string SplitBlob,
    DatasetStatistics Statistics,
    SplitCounts Split,
    string Source);
