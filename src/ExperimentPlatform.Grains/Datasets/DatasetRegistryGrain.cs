using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Hosting;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>The dataset list, one summary per dataset, written by the dataset grains on every change.</summary>
public sealed class DatasetRegistryGrain(
    [PersistentState("registry", StorageNames.GrainState)] IPersistentState<DatasetRegistryState> state)
    : Grain, IDatasetRegistryGrain
{
    public Task<IReadOnlyList<DatasetSummary>> ListAsync() =>
        Task.FromResult<IReadOnlyList<DatasetSummary>>(
            state.State.Datasets.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList());

    public async Task UpsertAsync(DatasetSummary summary)
    {
        state.State.Datasets[summary.Name] = summary;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string name)
    {
        if (state.State.Datasets.Remove(name))
            await state.WriteStateAsync();
    }
}
