namespace ExperimentPlatform.Models;

/// <summary>What a team says about a model when it creates it.</summary>
[GenerateSerializer, Immutable, Alias("ep.ModelDefinition")]
public sealed record ModelDefinition
{
    [Id(0)] public ModelTask Task { get; init; }
    [Id(1)] public string Description { get; init; } = "";

    /// <summary>Who answers for the model (actor names); empty: the creator.</summary>
    [Id(2)] public IReadOnlyList<string> Owners { get; init; } = [];
}
