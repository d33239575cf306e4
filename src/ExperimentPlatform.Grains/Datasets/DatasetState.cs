using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>
/// What earlier builds persisted per dataset in Orleans grain state (one entity that grew with history and
/// references). Read only to move such a dataset to its table row (<see cref="Storage.DatasetStore"/>).
/// </summary>
[GenerateSerializer, Alias("ep.DatasetState")]
public sealed class DatasetState
{
    [Id(0)] public DatasetKind Kind { get; set; }
    [Id(1)] public List<DatasetVersion> Versions { get; set; } = [];
    [Id(2)] public Dictionary<string, List<string>> References { get; set; } = [];
    [Id(3)] public List<DatasetEvent> History { get; set; } = [];
}
