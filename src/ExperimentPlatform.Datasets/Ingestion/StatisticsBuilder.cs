using System.Numerics;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>Accumulates a version's statistics one record at a time.</summary>
internal sealed class StatisticsBuilder(DatasetKind kind)
{
    private readonly long[] _buckets = new long[64];
    private readonly Dictionary<string, long> _labels = new(StringComparer.Ordinal);
    private long _documents;
    private long _characters;
    private long _bytes;
    private long _min = long.MaxValue;
    private long _max;

    public long Documents => _documents;

    public IReadOnlyDictionary<string, long> Labels => _labels;

    public void Add(DatasetRecord record, int canonicalBytes)
    {
        var length = record.TextLength(kind);
        _documents++;
        _characters += length;
        _bytes += canonicalBytes;
        _min = Math.Min(_min, length);
        _max = Math.Max(_max, length);
        _buckets[BucketOf(length)]++;
        if (kind == DatasetKind.Classification)
            _labels[record.Label!] = _labels.GetValueOrDefault(record.Label!) + 1;
    }

    /// <summary>Bucket 0 holds lengths 0–1, bucket k holds [2^k, 2^(k+1)).</summary>
    public static int BucketOf(long length) => length <= 1 ? 0 : BitOperations.Log2((ulong)length);

    public DatasetStatistics Build() => new()
    {
        Bytes = _bytes,
        Documents = _documents,
        Characters = _characters,
        // Plain collections (not compiler-made wrappers) so Orleans' serializer knows the runtime types.
        Labels = _labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value),
        LengthHistogram = _buckets
            .Select((count, k) => new HistogramBucket(k == 0 ? 0 : 1L << k, 1L << (k + 1), count))
            .Where(b => b.Count > 0)
            .ToArray(),
        MinLength = _documents == 0 ? 0 : _min,
        MaxLength = _max,
    };
}
