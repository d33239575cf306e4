using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Models;

/// <summary>
/// An immutable version of a model: the weights of one run's checkpoint, and everything needed to know where they
/// came from: metrics, run, data (with content hashes), parent version, full config, tokenizer, classes, code.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.ModelVersion")]
public sealed record ModelVersion
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required int Version { get; init; }
    [Id(2)] public required ModelTask Task { get; init; }

    /// <summary>The run that trained it and its checkpoint (kept while this version exists: the run's retention skips it).</summary>
    [Id(3)] public required string Run { get; init; }
    [Id(4)] public required CheckpointRecord Checkpoint { get; init; }

    /// <summary>How the checkpoint was chosen: <c>best by validation/accuracy</c>, <c>latest</c>, <c>step 300</c>.</summary>
    [Id(5)] public required string ChosenBy { get; init; }

    /// <summary>Evaluation figures at the checkpoint, by "split/metric".</summary>
    [Id(6)] public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The dataset version the run trained on (this step of the lineage; ancestors' are on their versions).</summary>
    [Id(7)] public required DatasetVersionRef Dataset { get; init; }

    /// <summary>The model version the run started from (null: from scratch, or from a run checkpoint not in the registry).</summary>
    [Id(8)] public ModelVersionRef? Parent { get; init; }

    /// <summary>The run's checkpoint it started from, when not from a model version.</summary>
    [Id(9)] public CheckpointRef? StartCheckpoint { get; init; }

    /// <summary>The run's full launch spec (model shape, training settings, seed).</summary>
    [Id(10)] public required RunSpec Config { get; init; }
    [Id(11)] public required string Tokenizer { get; init; }
    [Id(12)] public required int ContextLength { get; init; }

    /// <summary>Class labels in the head's order (classifiers).</summary>
    [Id(13)] public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>The platform's code version (git commit) on the worker that trained it; <c>unknown</c> when not recorded.</summary>
    [Id(14)] public required string CodeVersion { get; init; }
    [Id(15)] public required string RegisteredBy { get; init; }
    [Id(16)] public required DateTimeOffset RegisteredAt { get; init; }
    [Id(17)] public string Description { get; init; } = "";

    /// <summary>The uploaded Hugging Face weights the version's run started from (an imported foundation).</summary>
    [Id(18)] public ImportedWeights? Imported { get; init; }

    public ModelVersionRef Ref => new(Model, Version);
}
