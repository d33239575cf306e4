using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Tokenization;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Engine;

/// <summary>Everything a new run starts from.</summary>
public sealed record RunSetup
{
    public required TrainingOptions Options { get; init; }
    public required ITokenizer Tokenizer { get; init; }
    public required IReadOnlyList<TrainingExample> Data { get; init; }

    /// <summary>Shape of a model trained from scratch; ignored when <see cref="InitFrom"/> is set.</summary>
    public GptConfig? Model { get; init; }

    /// <summary>A checkpoint folder whose weights (and shape and tokenizer) the run starts from.</summary>
    public string? InitFrom { get; init; }

    public Device Device { get; init; } = CPU;

    /// <summary>Where the data's token ids are kept between runs; null: tokenize every time.</summary>
    public TokenCache? TokenCache { get; init; }
}

/// <summary>How a run ended.</summary>
public sealed record TrainingSummary(
    int Step,
    long Tokens,
    float LastLoss,
    double Seconds,
    IReadOnlyList<EvaluationReport> FinalEvaluation,
    string Checkpoint,
    TokenCacheReport? TokenCache = null)
{
    /// <summary>The run stopped early at a pause request, after writing a checkpoint.</summary>
    public bool Paused { get; init; }
}

/// <summary>How the run's data was tokenized: texts read from the cache file and texts encoded afresh.</summary>
public sealed record TokenCacheReport(string Path, int Hits, int Misses);
