using ExperimentPlatform.Models;

namespace ExperimentPlatform.Inference;

/// <summary>Labels for a batch of texts, in their order, and the model version that gave them (the alias resolved now).</summary>
[GenerateSerializer, Immutable, Alias("ep.ClassifyResult")]
public sealed record ClassifyResult(
    [property: Id(0)] ModelVersionRef Model,
    [property: Id(1)] IReadOnlyList<Prediction> Predictions);
