using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Models;

/// <summary>One step of a lineage: a model version, the run that made it, the data that fed it, its parent, and imported weights it started from.</summary>
[GenerateSerializer, Immutable, Alias("ep.LineageNode")]
public sealed record LineageNode(
    [property: Id(0)] ModelVersionRef Version,
    [property: Id(1)] ModelTask Task,
    [property: Id(2)] string Run,
    [property: Id(3)] RunKind Kind,
    [property: Id(4)] DatasetVersionRef Dataset,
    [property: Id(5)] ModelVersionRef? Parent,
    [property: Id(6)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(7)] ImportedWeights? Imported = null);
