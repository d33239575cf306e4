namespace ExperimentPlatform.Inference;

/// <summary>A classifier's answer for one text: the most probable label and every class's probability.</summary>
[GenerateSerializer, Immutable, Alias("ep.Prediction")]
public sealed record Prediction(
    [property: Id(0)] string Label,
    [property: Id(1)] IReadOnlyDictionary<string, double> Probabilities);
