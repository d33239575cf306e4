using ExperimentPlatform.Datasets.Catalog;
using ExperimentPlatform.Datasets.Ingestion;

namespace ExperimentPlatform.Datasets;

/// <summary>A record and the split it falls in (<see cref="SplitAssigner"/>'s 0 train, 1 validation, 2 test).</summary>
public sealed record SplitRecord(DatasetRecord Record, byte Split);

/// <summary>
/// Reads a dataset without the platform: a file or folder in any supported format, or a built-in catalog name, with
/// the same validation, canonical form and split the platform's import uses, so a local run sees the same splits.
/// </summary>
public static class LocalDataset
{
    public static IReadOnlyList<SplitRecord> Load(string source, DatasetKind kind, SplitPolicy split, BuiltInCatalog catalog,
        IngestionLimits? limits = null, string textField = "text", string labelField = "label")
    {
        if (split.Problem() is { } problem)
            throw new DatasetInputException(problem);
        limits ??= new IngestionLimits();
        IEnumerable<DatasetRecord> records;
        if (!File.Exists(source) && !Directory.Exists(source) && catalog.Entries.FirstOrDefault(e => e.Name == source) is { } entry)
        {
            if (entry.Kind != kind)
                throw new DatasetInputException($"catalog dataset '{entry.Name}' is a {entry.Kind} dataset, not {kind}");
            records = entry.Records();
        }
        else
        {
            var reader = new RecordReader(new RecordMapper(kind, textField, labelField), limits, new SourceBudget(limits.MaxSourceBytes));
            records = SourceFile.FromPath(source).SelectMany(f => reader.Read(f, DatasetFormat.Auto)).Select(r => r.Record);
        }
        var list = new List<DatasetRecord>();
        var splitter = new SplitAssigner(split);
        using var canonical = new CanonicalJson();
        foreach (var record in records)
        {
            splitter.Add(canonical.Line(record, kind).Span, kind == DatasetKind.Classification ? record.Label : null);
            list.Add(record);
        }
        if (list.Count == 0)
            throw new DatasetInputException("the source holds no records", source);
        var (assignment, _) = splitter.Assign();
        return [.. list.Select((r, i) => new SplitRecord(r, assignment[i]))];
    }
}
