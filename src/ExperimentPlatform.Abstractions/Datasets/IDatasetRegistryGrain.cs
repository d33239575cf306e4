using Orleans.Concurrency;

namespace ExperimentPlatform.Datasets;

/// <summary>The list of all datasets (one activation, key <see cref="Key"/>), kept current by the dataset grains.</summary>
[Alias("ep.IDatasetRegistryGrain")]
public interface IDatasetRegistryGrain : IGrainWithStringKey
{
    public const string Key = "datasets";

    [Alias("List"), AlwaysInterleave]
    Task<IReadOnlyList<DatasetSummary>> ListAsync();

    [Alias("Upsert")]
    Task UpsertAsync(DatasetSummary summary);

    [Alias("Remove")]
    Task RemoveAsync(string name);
}
