using ExperimentPlatform.Runs;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Engine;

namespace ExperimentPlatform.Training.Checkpoints;

/// <summary>
/// <c>trainer.json</c> of a checkpoint: everything besides tensors that a run needs to continue exactly.
/// Next to it: <c>model.safetensors</c> (weights, GPT-2 names), <c>optimizer.bin</c> (AdamW moments and step
/// counts, TorchSharp's format), <c>rng.bin</c> (dropout and data-order generator states).
/// </summary>
public sealed record CheckpointManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required RunKind Kind { get; init; }

    /// <summary>Optimizer steps completed.</summary>
    public required int Step { get; init; }

    /// <summary>Training tokens consumed so far.</summary>
    public required long Tokens { get; init; }

    public required GptConfig Model { get; init; }
    public required string Tokenizer { get; init; }
    public required TrainingOptions Options { get; init; }

    /// <summary>SHA-256 of the training data as tokenized; resuming on other data is refused.</summary>
    public required string DataFingerprint { get; init; }

    /// <summary>Class names in head order (classification only).</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    public double? BestValidationLoss { get; init; }

    /// <summary>The latest evaluation's metrics by split, e.g. validation → loss, perplexity.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>();

    public DateTimeOffset SavedAt { get; init; }
}
