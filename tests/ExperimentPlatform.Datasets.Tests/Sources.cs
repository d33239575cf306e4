using System.Text;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;

namespace ExperimentPlatform.Datasets.Tests;

/// <summary>Builds in-memory sources and reads them the way an import does.</summary>
internal static class Sources
{
    public static SourceFile File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public static SourceFile File(string name, byte[] content) => new(name, () => new MemoryStream(content, writable: false));

    public static List<DatasetRecord> Read(SourceFile file, DatasetKind kind, IngestionLimits? limits = null,
        DatasetFormat format = DatasetFormat.Auto, string textField = "text", string labelField = "label")
    {
        limits ??= new IngestionLimits();
        var reader = new RecordReader(new RecordMapper(kind, textField, labelField), limits, new SourceBudget(limits.MaxSourceBytes));
        return reader.Read(file, format).Select(r => r.Record).ToList();
    }

    public static List<DatasetRecord> Read(string name, string content, DatasetKind kind, IngestionLimits? limits = null) =>
        Read(File(name, content), kind, limits);

    public static DatasetInputException Rejects(string name, string content, DatasetKind kind, IngestionLimits? limits = null) =>
        Assert.Throws<DatasetInputException>(() => Read(name, content, kind, limits));

    public static DatasetInputException Rejects(string name, byte[] content, DatasetKind kind, IngestionLimits? limits = null) =>
        Assert.Throws<DatasetInputException>(() => Read(File(name, content), kind, limits));
}
