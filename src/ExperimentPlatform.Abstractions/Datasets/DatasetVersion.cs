namespace ExperimentPlatform.Datasets;

/// <summary>
/// One immutable version of a dataset. Its identity is <see cref="Sha256"/>, the hash of its canonical
/// JSONL content; <see cref="Name"/> is the human label ("v1", "2026-11").
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.DatasetVersion")]
public sealed record DatasetVersion
{
    [Id(0)] public required string Name { get; init; }

    /// <summary>Lower-case hex SHA-256 of the canonical content.</summary>
    [Id(1)] public required string Sha256 { get; init; }

    [Id(2)] public required DatasetKind Kind { get; init; }

    /// <summary>Blob (in the datasets container) holding the canonical JSONL content.</summary>
    [Id(3)] public required string ContentBlob { get; init; }

    /// <summary>Blob holding one byte per record: 0 train, 1 validation, 2 test.</summary>
    [Id(4)] public required string SplitBlob { get; init; }

    [Id(5)] public required DatasetStatistics Statistics { get; init; }

    [Id(6)] public required SplitCounts Split { get; init; }

    [Id(7)] public required string CreatedBy { get; init; }

    [Id(8)] public required DateTimeOffset CreatedAt { get; init; }

    [Id(9)] public string Description { get; init; } = "";

    /// <summary>Where the content came from: "upload:name.csv", "path:/data/x", "catalog:moby-dick".</summary>
    [Id(10)] public required string Source { get; init; }
}
