using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// The model registry in Table storage, built to grow: a row per model (partition <c>model</c>: its state and list
/// entry in one write), a row per version (partition <c>version|{model}</c>, written once), and a row per parent →
/// child link (partition <c>child|{model}|{version}</c>), so lineage is read downwards without scanning versions.
/// </summary>
public sealed class ModelStore(PlatformStorage storage)
{
    private const string Models = "model";
    private readonly TableOnDemand _table = new(storage.ModelTable);

    public async Task<(RegisteredModel? Model, ETag ETag)> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Models, name, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? (ChunkedJson.Read<RegisteredModel>(entity, "State"), entity.ETag) : (null, default);
    }

    /// <summary>Writes the model and its list entry; <paramref name="etag"/> default: it must not exist yet. Returns the new ETag.</summary>
    public async Task<ETag> WriteAsync(RegisteredModel model, ETag etag, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(Models, model.Name) { ["Summary"] = JsonSerializer.Serialize(ModelSummary.Of(model), RunJson.Options) };
        ChunkedJson.Write(entity, "State", model, $"model {model.Name}");
        Response response = etag == default
            ? await table.AddEntityAsync(entity, cancellationToken)
            : await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag ?? throw new InvalidOperationException("the table returned no ETag");
    }

    public async Task<List<ModelSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var models = new List<ModelSummary>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Models}"), maxPerPage: 1000,
                           select: ["Summary"], cancellationToken: cancellationToken))
        {
            if (entity.GetString("Summary") is { } json)
                models.Add(JsonSerializer.Deserialize<ModelSummary>(json, RunJson.Options)!);
        }
        return models;
    }

    /// <summary>Stores a new version; a version's row is never replaced (409 from the table when it exists).</summary>
    public async Task AddVersionAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(VersionPartition(version.Model), VersionRow(version.Version));
        ChunkedJson.Write(entity, "State", version, $"version {version.Ref}");
        await table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<ModelVersion?> ReadVersionAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(VersionPartition(model), VersionRow(version), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? ChunkedJson.Read<ModelVersion>(entity, "State") : null;
    }

    /// <summary>A model's versions above <paramref name="after"/>, in order.</summary>
    public async Task<List<ModelVersion>> ReadVersionsAsync(string model, int after = 0, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {VersionPartition(model)} and RowKey gt {VersionRow(after)}");
        var versions = new List<ModelVersion>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            versions.Add(ChunkedJson.Read<ModelVersion>(entity, "State")!);
        return versions;
    }

    /// <summary>Records that <paramref name="child"/> was trained from <paramref name="parent"/> (idempotent).</summary>
    public async Task AddChildAsync(ModelVersionRef parent, ModelVersionRef child, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(ChildPartition(parent), $"{child.Model}|{VersionRow(child.Version)}"), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<List<ModelVersionRef>> ReadChildrenAsync(ModelVersionRef parent, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var children = new List<ModelVersionRef>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ChildPartition(parent)}"),
                           select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var bar = entity.RowKey.LastIndexOf('|');
            children.Add(new ModelVersionRef(entity.RowKey[..bar], int.Parse(entity.RowKey[(bar + 1)..], CultureInfo.InvariantCulture)));
        }
        return children;
    }

    private static string VersionPartition(string model) => $"version|{model}";

    private static string ChildPartition(ModelVersionRef parent) => $"child|{parent.Model}|{VersionRow(parent.Version)}";

    private static string VersionRow(int version) => version.ToString("D8", CultureInfo.InvariantCulture);
}
