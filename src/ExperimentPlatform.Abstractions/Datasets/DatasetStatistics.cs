namespace ExperimentPlatform.Datasets;

/// <summary>What a version holds, computed while it is imported (tokens shortly after).</summary>
[GenerateSerializer, Immutable, Alias("ep.DatasetStatistics")]
public sealed record DatasetStatistics
{
    /// <summary>Size of the canonical JSONL content in bytes.</summary>
    [Id(0)] public long Bytes { get; init; }

    /// <summary>Records: documents for text corpora, examples for the other kinds.</summary>
    [Id(1)] public long Documents { get; init; }

    /// <summary>Unicode scalar values over all records' text fields.</summary>
    [Id(2)] public long Characters { get; init; }

    /// <summary>GPT-2 BPE tokens over all records' text fields; null until counted.</summary>
    [Id(3)] public long? Gpt2Tokens { get; init; }

    /// <summary>Records per label (classification only; empty otherwise).</summary>
    [Id(4)] public IReadOnlyDictionary<string, long> Labels { get; init; } = new Dictionary<string, long>();

    /// <summary>Record lengths in characters, in power-of-two buckets.</summary>
    [Id(5)] public IReadOnlyList<HistogramBucket> LengthHistogram { get; init; } = [];

    /// <summary>Shortest and longest record in characters.</summary>
    [Id(6)] public long MinLength { get; init; }

    [Id(7)] public long MaxLength { get; init; }
}
