using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Web.Apis;

/// <summary>Body of <c>POST /api/datasets/{name}/imports</c>: create a version from a file or folder the silos can read.</summary>
public sealed record ImportFromPathRequest
{
    public required string Path { get; init; }
    public required string Version { get; init; }
    public required DatasetKind Kind { get; init; }
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;
    public string TextField { get; init; } = "text";
    public string LabelField { get; init; } = "label";
    public SplitPolicy? Split { get; init; }
    public string Description { get; init; } = "";
}
