using Orleans.Concurrency;

namespace ExperimentPlatform.Datasets;

/// <summary>
/// The list of all datasets (one activation, key <see cref="Key"/>), kept current by the dataset grains' notices and a
/// periodic sync from the dataset table that repairs a lost notice.
/// </summary>
[Alias("ep.IDatasetRegistryGrain")]
public interface IDatasetRegistryGrain : IGrainWithStringKey
{
    public const string Key = "datasets";

    [Alias("List"), AlwaysInterleave]
    Task<IReadOnlyList<DatasetSummary>> ListAsync();

    /// <summary>One page, filtered and sorted on the server; a refused query throws <see cref="DatasetInputException"/>.</summary>
    [Alias("Query"), AlwaysInterleave]
    Task<DatasetPage> QueryAsync(DatasetQuery query);

    [Alias("Upsert")]
    Task UpsertAsync(DatasetSummary summary);

    [Alias("Remove")]
    Task RemoveAsync(string name);

    /// <summary>Re-reads the datasets changed since the last sync; returns how many rows it read.</summary>
    [Alias("Sync")]
    Task<int> SyncAsync();
}
