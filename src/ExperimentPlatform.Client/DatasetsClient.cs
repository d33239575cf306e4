using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Client;

/// <summary>Datasets: list, look, import from a path the silos can read. (Uploads of local files go through the HTTP API.)</summary>
public sealed class DatasetsClient(IClusterClient cluster, TimeSpan timeout)
{
    /// <summary>Imports can take minutes for large sources.</summary>
    public static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(30);

    public Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key).ListAsync(), timeout, cancellationToken);

    public Task<DatasetDetails> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetGrain>(name).GetAsync(), timeout, cancellationToken);

    public Task<DatasetVersion> GetVersionAsync(string name, string version, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetGrain>(name).GetVersionAsync(version), timeout, cancellationToken);

    public Task<DatasetVersion> ImportAsync(string name, ImportRequest request, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetGrain>(name).ImportAsync(request), ImportTimeout, cancellationToken);
}
