using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Models;
using Orleans.Concurrency;

namespace ExperimentPlatform.Grains.Models;

/// <summary>The model list, read from the registry table on each call: models are few, and the rows are the truth.</summary>
[StatelessWorker]
public sealed class ModelRegistryGrain(ModelStore store) : Grain, IModelRegistryGrain
{
    public async Task<IReadOnlyList<ModelSummary>> ListAsync(ModelTask? task = null)
    {
        var models = await store.ListAsync();
        return [.. models.Where(m => task is null || m.Task == task).OrderBy(m => m.Name, StringComparer.Ordinal)];
    }
}
