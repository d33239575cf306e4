namespace ExperimentPlatform.Datasets;

/// <summary>A page of the dataset list: free text on name and description, a kind, sorted by <see cref="Sort"/>.</summary>
[GenerateSerializer, Immutable, Alias("ep.DatasetQuery")]
public sealed record DatasetQuery
{
    public const int MaxPageSize = 500;

    /// <summary>Sort keys: <c>name</c> (A→Z), <c>created</c> (latest version newest first), <c>records</c>, <c>tokens</c> (largest first).</summary>
    public static readonly IReadOnlyList<string> Sorts = ["name", "created", "records", "tokens"];

    [Id(0)] public string? Search { get; init; }
    [Id(1)] public DatasetKind? Kind { get; init; }
    [Id(2)] public string Sort { get; init; } = "name";
    [Id(3)] public bool Reverse { get; init; }
    [Id(4)] public int Page { get; init; }
    [Id(5)] public int PageSize { get; init; } = 50;
}
