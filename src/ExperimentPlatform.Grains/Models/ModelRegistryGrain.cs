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

    public async Task<AuditPage> GetAuditAsync(string? before = null, int max = 100)
    {
        if (max is <= 0 or > 1000)
            throw new ModelInputException("max", $"must lie in 1..1000, got {max}");
        var (entries, next) = await store.ReadFeedAsync(before, max);
        return new AuditPage(entries, next);
    }
}
