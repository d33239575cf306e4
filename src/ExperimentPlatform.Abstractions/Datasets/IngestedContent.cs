using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Datasets;

/// <summary>What an import job stored (content-addressed blobs and their statistics), reported back to the dataset grain to record as a version.</summary>
[GenerateSerializer, Immutable, Alias("ep.IngestedContent")]
public sealed record IngestedContent(
    [property: Id(0)] string Sha256,
    [property: Id(1)] string ContentBlob,
    [property: Id(2)] string SplitBlob,
    [property: Id(3)] DatasetStatistics Statistics,
    [property: Id(4)] SplitCounts Split,
    [property: Id(5)] string Source);
