using ExperimentPlatform.Models;

namespace ExperimentPlatform.Inference;

/// <summary>Generated text (a continuation, or an instruction's response) and the model version that wrote it.</summary>
[GenerateSerializer, Immutable, Alias("ep.TextResult")]
public sealed record TextResult(
    [property: Id(0)] ModelVersionRef Model,
    [property: Id(1)] string Text);
