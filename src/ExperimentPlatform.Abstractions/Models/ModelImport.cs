using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Models;

/// <summary>
/// One import of a Hugging Face GPT-2 model into a foundation model: the validated upload, the run that evaluates the
/// weights and writes them as a checkpoint, and, when that run completes, the version registered from it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.ModelImport")]
public sealed record ModelImport
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required ImportedWeights Weights { get; init; }

    /// <summary>The shape config.json declares.</summary>
    [Id(2)] public required int Layers { get; init; }
    [Id(3)] public required int Heads { get; init; }
    [Id(4)] public required int Embedding { get; init; }
    [Id(5)] public required int Context { get; init; }
    [Id(6)] public required int Vocabulary { get; init; }

    [Id(7)] public required ImportVersionRequest Request { get; init; }
    [Id(8)] public required string RequestedBy { get; init; }
    [Id(9)] public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The run evaluating the weights (empty until the model launches it).</summary>
    [Id(10)] public string Run { get; init; } = "";
    [Id(11)] public ModelImportStatus Status { get; init; }
    [Id(12)] public int? Version { get; init; }
    [Id(13)] public string? Error { get; init; }
    [Id(14)] public DateTimeOffset? EndedAt { get; init; }

    public string Id => Weights.Id;
}
