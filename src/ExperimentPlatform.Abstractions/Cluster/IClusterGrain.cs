using Orleans.Concurrency;

namespace ExperimentPlatform.Cluster;

/// <summary>The cluster's silos, from membership and their metadata. Any silo answers.</summary>
[Alias("ep.IClusterGrain")]
public interface IClusterGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Silos that are joining, active or shutting down (not the dead), workers first.</summary>
    [Alias("Silos"), ReadOnly]
    Task<IReadOnlyList<SiloView>> GetSilosAsync();
}
