namespace ExperimentPlatform.Runs;

/// <summary>A named model size. The training engine builds its models from these, the control plane validates with them.</summary>
public sealed record NamedShape(string Name, int Context, int Layers, int Heads, int Width);
