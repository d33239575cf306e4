namespace ExperimentPlatform.Models;

/// <summary>A registered model: what it is for, who owns it, how many versions it has, where its aliases point.</summary>
[GenerateSerializer, Immutable, Alias("ep.RegisteredModel")]
public sealed record RegisteredModel
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ModelTask Task { get; init; }
    [Id(2)] public string Description { get; init; } = "";
    [Id(3)] public IReadOnlyList<string> Owners { get; init; } = [];
    [Id(4)] public required string CreatedBy { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The highest version number (0: none yet). Versions are numbered 1, 2, … and never reused.</summary>
    [Id(7)] public int LatestVersion { get; init; }

    /// <summary>Alias → version number.</summary>
    [Id(8)] public IReadOnlyDictionary<string, int> Aliases { get; init; } = new Dictionary<string, int>();

    /// <summary>Alias → the versions it pointed at before, oldest first (the last <c>ModelGrain.KeptAliasHistory</c>): what rollback returns to.</summary>
    [Id(9)] public IReadOnlyDictionary<string, IReadOnlyList<int>> AliasHistory { get; init; } = new Dictionary<string, IReadOnlyList<int>>();

    [Id(10)] public PromotionPolicy Policy { get; init; } = new();

    /// <summary>Alias → the open promotion request for it (one at a time per alias).</summary>
    [Id(11)] public IReadOnlyDictionary<string, int> OpenPromotions { get; init; } = new Dictionary<string, int>();

    /// <summary>The last audit entry's number and the last promotion request's number.</summary>
    [Id(12)] public long AuditSeq { get; init; }
    [Id(13)] public int PromotionSeq { get; init; }

    /// <summary>Hugging Face imports by upload id: the open ones and the latest ended ones.</summary>
    [Id(14)] public IReadOnlyDictionary<string, ModelImport> Imports { get; init; } = new Dictionary<string, ModelImport>();
}
