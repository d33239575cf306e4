using Azure.Data.Tables;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>A table that is created the first time this process uses it.</summary>
public sealed class TableOnDemand(TableClient table)
{
    private volatile bool _created;

    public async Task<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
        return table;
    }
}
