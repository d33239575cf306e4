namespace ExperimentPlatform.Models;

/// <summary>One row of the model list.</summary>
[GenerateSerializer, Immutable, Alias("ep.ModelSummary")]
public sealed record ModelSummary
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ModelTask Task { get; init; }
    [Id(2)] public string Description { get; init; } = "";
    [Id(3)] public int LatestVersion { get; init; }
    [Id(4)] public IReadOnlyDictionary<string, int> Aliases { get; init; } = new Dictionary<string, int>();
    [Id(5)] public IReadOnlyList<string> Owners { get; init; } = [];
    [Id(6)] public required DateTimeOffset UpdatedAt { get; init; }

    public static ModelSummary Of(RegisteredModel model) => new()
    {
        Name = model.Name, Task = model.Task, Description = model.Description, LatestVersion = model.LatestVersion,
        Aliases = model.Aliases, Owners = model.Owners, UpdatedAt = model.UpdatedAt,
    };
}
