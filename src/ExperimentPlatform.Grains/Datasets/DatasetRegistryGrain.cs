using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>
/// The dataset list, served from memory. The source of truth is the dataset table (<see cref="DatasetStore"/>), where a
/// dataset's versions and list entry are one row: this grain loads it on activation, takes the notices dataset grains
/// send after each write, and re-reads the rows changed since its last read every few seconds, so a notice lost to a
/// crash between a dataset's write and its notice is repaired within one sync period.
/// </summary>
public sealed class DatasetRegistryGrain(DatasetStore store, ILogger<DatasetRegistryGrain> logger) : Grain, IDatasetRegistryGrain
{
    private readonly SortedDictionary<string, DatasetSummary> _datasets = new(StringComparer.Ordinal);
    private readonly TableCursor _cursor = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await SyncAsync();
        TableCursor.Every(this, SyncAsync, logger, "the dataset list");
    }

    public Task<IReadOnlyList<DatasetSummary>> ListAsync() => Task.FromResult<IReadOnlyList<DatasetSummary>>([.. _datasets.Values]);

    public Task<DatasetPage> QueryAsync(DatasetQuery query) => Task.FromResult(DatasetQueryRules.Apply(_datasets.Values, query));

    public Task UpsertAsync(DatasetSummary summary)
    {
        _datasets[summary.Name] = summary;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string name)
    {
        _datasets.Remove(name);
        return Task.CompletedTask;
    }

    public async Task<int> SyncAsync()
    {
        var (changes, newest) = await store.ReadSummariesAsync(_cursor.Since);
        foreach (var (name, summary) in changes)
        {
            if (summary is null)
                _datasets.Remove(name);
            else
                _datasets[name] = summary;
        }
        _cursor.Advance(newest);
        return changes.Count;
    }
}
