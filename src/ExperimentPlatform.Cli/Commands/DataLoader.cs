using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Catalog;
using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Engine;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Cli.Commands;

/// <summary>Turns <c>--data</c> (a file, a folder or a catalog name) into training examples with the platform's splits.</summary>
internal static class DataLoader
{
    public static DatasetKind KindFor(RunKind run) => run switch
    {
        RunKind.Pretrain => DatasetKind.Text,
        RunKind.Classify => DatasetKind.Classification,
        _ => DatasetKind.Instruction,
    };

    public static List<TrainingExample> Load(RunRecord run)
    {
        var catalog = new BuiltInCatalog(Options.Create(new CatalogOptions()));
        var records = LocalDataset.Load(run.Data, run.DataKind, run.Split, catalog, textField: run.TextField, labelField: run.LabelField);
        return [.. records.Select(r => new TrainingExample
        {
            Split = (DataSplit)r.Split,
            Text = r.Record.Text,
            Label = r.Record.Label,
            Instruction = r.Record.Instruction,
            Input = r.Record.Input,
            Output = r.Record.Output,
        })];
    }
}
