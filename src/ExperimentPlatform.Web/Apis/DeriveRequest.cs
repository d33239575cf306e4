using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Web.Apis;

/// <summary>Body of <c>POST /api/datasets/{name}/derivations</c>: a version made from another dataset version's records.</summary>
public sealed record DeriveRequest
{
    /// <summary>The source, <c>NAME@VERSION</c> (or <c>NAME</c>: its latest version).</summary>
    public required string From { get; init; }

    /// <summary><c>train</c>, <c>validation</c> or <c>test</c>; absent takes every record.</summary>
    public string? Split { get; init; }

    public required string Version { get; init; }
    public required DatasetKind Kind { get; init; }
    public string Description { get; init; } = "";
}
