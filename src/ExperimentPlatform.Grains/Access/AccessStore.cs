using System.Text.Json;
using Azure.Data.Tables;
using ExperimentPlatform.Access;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Access;

/// <summary>Role grants in Table storage: a row per actor (partition <c>grant</c>).</summary>
public sealed class AccessStore(PlatformStorage storage)
{
    private const string Grants = "grant";
    private readonly TableOnDemand _table = new(storage.AccessTable);

    public async Task<RoleGrant?> ReadAsync(string actor, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Grants, Key(actor), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? JsonSerializer.Deserialize<RoleGrant>(entity.GetString("Grant")!, RunJson.Options) : null;
    }

    public async Task WriteAsync(RoleGrant grant, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Grants, Key(grant.Actor)) { ["Grant"] = JsonSerializer.Serialize(grant, RunJson.Options) },
            TableUpdateMode.Replace, cancellationToken);
    }

    public async Task DeleteAsync(string actor, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(Grants, Key(actor), cancellationToken: cancellationToken);
    }

    public async Task<List<RoleGrant>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var grants = new List<RoleGrant>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Grants}"), cancellationToken: cancellationToken))
            grants.Add(JsonSerializer.Deserialize<RoleGrant>(entity.GetString("Grant")!, RunJson.Options)!);
        return grants;
    }

    /// <summary>Actor names may hold characters a row key may not ('/', '\', '#', '?'): the key is their hex.</summary>
    private static string Key(string actor) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(actor));
}
