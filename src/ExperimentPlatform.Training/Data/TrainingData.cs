using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Catalog;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Training.Data;

/// <summary>Turns a dataset (stored version, local file or folder, or catalog name) into training examples with the platform's splits.</summary>
public static class TrainingData
{
    public static DatasetKind KindFor(RunKind run) => RunSpecRules.DatasetKindFor(run);

    /// <summary>A stored dataset version copied from Blob storage (<see cref="StoredDataset"/>).</summary>
    public static List<TrainingExample> FromStored(string folder) => From(StoredDataset.Load(folder));

    /// <summary>A file, a folder or a built-in catalog name, read as the platform's import reads it.</summary>
    public static List<TrainingExample> FromLocal(string source, DatasetKind kind, SplitPolicy split, string textField = "text", string labelField = "label")
    {
        var catalog = new BuiltInCatalog(Options.Create(new CatalogOptions()));
        return From(LocalDataset.Load(source, kind, split, catalog, textField: textField, labelField: labelField));
    }

    public static List<TrainingExample> From(IEnumerable<SplitRecord> records) =>
    [
        .. records.Select(r => new TrainingExample
        {
            Split = (DataSplit)r.Split,
            Text = r.Record.Text,
            Label = r.Record.Label,
            Instruction = r.Record.Instruction,
            Input = r.Record.Input,
            Output = r.Record.Output,
        }),
    ];
}
