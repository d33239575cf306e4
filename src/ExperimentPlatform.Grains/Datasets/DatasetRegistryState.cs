using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Datasets;

[GenerateSerializer, Alias("ep.DatasetRegistryState")]
public sealed class DatasetRegistryState
{
    [Id(0)] public Dictionary<string, DatasetSummary> Datasets { get; set; } = [];
}
