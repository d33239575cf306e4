namespace ExperimentPlatform.Training.Inference;

/// <summary>A classifier's answer for one text: the most probable class and every class's probability.</summary>
public sealed record Classification(string Label, IReadOnlyDictionary<string, double> Probabilities);
