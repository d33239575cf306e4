using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>What a dataset grain persists: metadata and blob names only, never content.</summary>
[GenerateSerializer, Alias("ep.DatasetState")]
public sealed class DatasetState
{
    [Id(0)] public DatasetKind Kind { get; set; }
    [Id(1)] public List<DatasetVersion> Versions { get; set; } = [];
    [Id(2)] public Dictionary<string, List<string>> References { get; set; } = [];
    [Id(3)] public List<DatasetEvent> History { get; set; } = [];
}
