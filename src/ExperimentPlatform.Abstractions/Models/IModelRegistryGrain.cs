using Orleans.Concurrency;

namespace ExperimentPlatform.Models;

/// <summary>The list of registered models (read from the registry table; any silo answers).</summary>
[Alias("ep.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<ModelSummary>> ListAsync(ModelTask? task = null);
}
