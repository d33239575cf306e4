using System.Text;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;

namespace ExperimentPlatform.Datasets.Tests.Ingestion;

public sealed class StatisticsAndCanonicalTests
{
    [Fact]
    public void Characters_count_unicode_scalars_not_utf16_units()
    {
        Assert.Equal(3, DatasetRecord.ScalarCount("a😀b"));
    }

    [Fact]
    public void Histogram_buckets_are_powers_of_two()
    {
        var stats = new StatisticsBuilder(DatasetKind.Classification);
        foreach (var (text, label) in new[] { ("a", "x"), ("abc", "x"), ("abcd", "y"), (new string('q', 100), "y") })
            stats.Add(DatasetRecord.ForLabel(text, label), 10);
        var built = stats.Build();
        Assert.Equal([(0L, 2L, 1L), (2L, 4L, 1L), (4L, 8L, 1L), (64L, 128L, 1L)],
            built.LengthHistogram.Select(b => (b.From, b.To, b.Count)));
        Assert.Equal(new Dictionary<string, long> { ["x"] = 2, ["y"] = 2 }, built.Labels);
        Assert.Equal((4, 108, 1, 100, 40), (built.Documents, built.Characters, built.MinLength, built.MaxLength, built.Bytes));
    }

    [Fact]
    public void Csv_and_jsonl_of_the_same_records_have_the_same_canonical_bytes()
    {
        var fromCsv = Sources.Read("a.csv", "text,label,source\n\"Hi, there\",ham,mail\n", DatasetKind.Classification);
        var fromJsonl = Sources.Read("a.jsonl", "{\"source\":\"mail\",\"label\":\"ham\",\"text\":\"Hi, there\"}\n", DatasetKind.Classification);
        using var canonical = new CanonicalJson();
        var csvLine = canonical.Line(fromCsv.Single(), DatasetKind.Classification).ToArray();
        var jsonLine = canonical.Line(fromJsonl.Single(), DatasetKind.Classification).ToArray();
        Assert.Equal(csvLine, jsonLine);
        Assert.Equal("{\"text\":\"Hi, there\",\"label\":\"ham\",\"meta\":{\"source\":\"mail\"}}\n", Encoding.UTF8.GetString(csvLine));
    }

    [Fact]
    public void Canonical_lines_read_back_to_the_same_record()
    {
        var record = DatasetRecord.ForInstruction("Translate \"this\"", "naïve café", "ok\nline two");
        using var canonical = new CanonicalJson();
        var back = CanonicalJson.Parse(canonical.Line(record, DatasetKind.Instruction).Span);
        Assert.Equal((record.Instruction, record.Input, record.Output), (back.Instruction, back.Input, back.Output));
    }
}
