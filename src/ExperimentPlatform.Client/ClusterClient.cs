using ExperimentPlatform.Cluster;

namespace ExperimentPlatform.Client;

/// <summary>The cluster itself: its silos, what each offers and since when it runs.</summary>
public sealed class ClusterClient(IClusterClient cluster, TimeSpan timeout)
{
    public Task<IReadOnlyList<SiloView>> GetSilosAsync(CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IClusterGrain>(IClusterGrain.Key).GetSilosAsync(), timeout, cancellationToken);
}
