using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>
/// The records of a stored dataset version taken into a new dataset: one split or all, converted to the new kind.
/// Classification and instruction records become text (labels dropped; an instruction's parts joined by blank lines);
/// a kind cannot gain what its source lacks (text has no labels).
/// </summary>
internal static class DerivedRecords
{
    public static readonly IReadOnlyList<string> SplitNames = ["train", "validation", "test"];

    /// <summary>The split byte for a split name, or a precise refusal.</summary>
    public static byte? SplitOf(string? name) => name switch
    {
        null or "" => null,
        "train" => SplitAssigner.Train,
        "validation" => SplitAssigner.Validation,
        "test" => SplitAssigner.Test,
        _ => throw new DatasetInputException($"source split '{name}' is not a split; use train, validation or test (or none for every record)"),
    };

    /// <summary>Why <paramref name="from"/> records cannot become <paramref name="to"/> records, or null when they can.</summary>
    public static string? Problem(DatasetKind from, DatasetKind to) =>
        from == to || to == DatasetKind.Text ? null
        : $"a {Describe(from)} dataset cannot become a {Describe(to)} dataset (it has no {(to == DatasetKind.Classification ? "labels" : "instruction/output pairs")}); derive text, or the same kind";

    /// <summary>
    /// The records of split <paramref name="split"/> (null: all) as <paramref name="to"/> records; the caller has checked
    /// the conversion with <see cref="Problem"/> and the split with <see cref="SplitOf"/>.
    /// </summary>
    public static IEnumerable<LocatedRecord> Take(IReadOnlyList<SplitRecord> records, DatasetKind from, DatasetKind to, byte? split, string source)
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (split is { } only && records[i].Split != only)
                continue;
            yield return new LocatedRecord(Convert(records[i].Record, from, to), source, i + 1);
        }
    }

    private static DatasetRecord Convert(DatasetRecord record, DatasetKind from, DatasetKind to) =>
        from == to ? record
        : from == DatasetKind.Instruction
            ? DatasetRecord.ForText(string.Join("\n\n", new[] { record.Instruction, record.Input, record.Output }.Where(p => !string.IsNullOrEmpty(p))), record.Meta)
            : DatasetRecord.ForText(record.Text ?? "", record.Meta);

    private static string Describe(DatasetKind kind) => kind.ToString().ToLowerInvariant();
}
