using System.Text.Json;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Training.Checkpoints;

namespace ExperimentPlatform.Cli;

/// <summary><c>run.json</c> in a run folder: where the data came from, so <c>ep train --resume</c> can reload it.</summary>
public sealed record RunRecord
{
    public const string FileName = "run.json";

    public required string Data { get; init; }
    public required DatasetKind DataKind { get; init; }
    public required SplitPolicy Split { get; init; }
    public string TextField { get; init; } = "text";
    public string LabelField { get; init; } = "label";

    public void Save(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Checkpoint.Json));

    public static RunRecord Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Checkpoint.Json)!
            : throw new FileNotFoundException($"'{folder}' is not a run folder made by ep train (no {FileName})");
    }
}
