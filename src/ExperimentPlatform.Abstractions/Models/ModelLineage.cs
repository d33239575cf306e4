namespace ExperimentPlatform.Models;

/// <summary>
/// A version's family: its ancestors, nearest first (foundation ← continued pretraining ← fine-tune, read upwards),
/// and every version trained from it or from its descendants, breadth first.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.ModelLineage")]
public sealed record ModelLineage
{
    [Id(0)] public required LineageNode Version { get; init; }
    [Id(1)] public IReadOnlyList<LineageNode> Ancestors { get; init; } = [];
    [Id(2)] public IReadOnlyList<LineageNode> Descendants { get; init; } = [];
}
