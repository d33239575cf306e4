using System.Text.Json;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Training.Checkpoints;
using ExperimentPlatform.Training.Data;

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

    /// <summary><see cref="Data"/> is a stored dataset version (content.jsonl + split.bin), as a worker copies it from Blob storage.</summary>
    public bool Stored { get; init; }

    /// <summary>libtorch CPU threads (0: libtorch's default); a resumed run uses the same.</summary>
    public int Threads { get; init; }

    /// <summary>A platform run: a stored dataset version and the launch spec's settings.</summary>
    public static RunRecord ForStored(string folder, RunSpec spec) => new()
    {
        Data = folder, DataKind = TrainingData.KindFor(spec.Kind), Split = SplitPolicy.Default, Stored = true, Threads = spec.Training.Threads,
    };

    public List<TrainingExample> LoadExamples() => Stored
        ? TrainingData.FromStored(Data)
        : TrainingData.FromLocal(Data, DataKind, Split, TextField, LabelField);

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
