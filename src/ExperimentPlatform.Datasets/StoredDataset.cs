using ExperimentPlatform.Datasets.Ingestion;

namespace ExperimentPlatform.Datasets;

/// <summary>
/// The one reader of a stored dataset version: its canonical JSONL content and its split file (one byte per
/// record), as the platform committed them to Blob storage and a worker copies them to disk.
/// </summary>
public static class StoredDataset
{
    public const string ContentFile = "content.jsonl";
    public const string SplitFile = "split.bin";

    /// <summary>Reads a folder holding <see cref="ContentFile"/> and <see cref="SplitFile"/>.</summary>
    public static IReadOnlyList<SplitRecord> Load(string folder)
    {
        var content = Path.Combine(folder, ContentFile);
        var splitPath = Path.Combine(folder, SplitFile);
        if (!File.Exists(content) || !File.Exists(splitPath))
            throw new DatasetInputException($"'{folder}' is not a stored dataset version (it needs {ContentFile} and {SplitFile})");
        using var stream = File.OpenRead(content);
        return Read(stream, File.ReadAllBytes(splitPath), content);
    }

    public static IReadOnlyList<SplitRecord> Read(Stream content, byte[] split, string where)
    {
        var records = new List<SplitRecord>();
        using var lines = new Utf8LineReader(content, where, 256 << 20);
        while (lines.TryReadLine(out var line))
        {
            if (line.Length == 0)
                continue;
            if (records.Count >= split.Length)
                throw new DatasetInputException($"the split file has {split.Length} entries but the content has more records", where, records.Count + 1);
            records.Add(new SplitRecord(CanonicalJson.Parse(System.Text.Encoding.UTF8.GetBytes(line)), split[records.Count]));
        }
        if (records.Count != split.Length)
            throw new DatasetInputException($"the split file has {split.Length} entries for {records.Count} records", where);
        return records;
    }
}
