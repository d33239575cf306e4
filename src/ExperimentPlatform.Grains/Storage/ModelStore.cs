using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// The model registry in Table storage, built to grow. Partition <c>model</c> holds, per model, its row (state and list
/// entry), its audit entries (<c>{model}|audit|{inverted seq}</c>, newest first) and its promotion requests
/// (<c>{model}|promotion|{id}</c>), so a change of the model and the audit entries recording it are one transaction.
/// A row per version (partition <c>version|{model}</c>, written once), a row per parent → child link (partition
/// <c>child|{model}|{version}</c>) for lineage, and the platform-wide audit feed (partition <c>audit</c>, newest first),
/// written after each commit and repaired from the models' own entries.
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

    /// <summary>
    /// Writes the model with its list entry, the audit entries that record the change and the promotion requests it
    /// touched, in one transaction: all or nothing. <paramref name="etag"/> default: the model must not exist yet.
    /// Returns the model row's new ETag.
    /// </summary>
    public async Task<ETag> CommitAsync(RegisteredModel model, ETag etag, IReadOnlyList<AuditEntry> audit, IReadOnlyList<PromotionRequest> promotions,
        CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(Models, model.Name) { ["Type"] = "model", ["Summary"] = JsonSerializer.Serialize(ModelSummary.Of(model), RunJson.Options) };
        ChunkedJson.Write(entity, "State", model, $"model {model.Name}");
        var actions = new List<TableTransactionAction>
        {
            etag == default ? new(TableTransactionActionType.Add, entity) : new(TableTransactionActionType.UpdateReplace, entity, etag),
        };
        foreach (var entry in audit)
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(Models, AuditRow(entry.Model, entry.Seq))
            {
                ["Type"] = "audit", ["Entry"] = JsonSerializer.Serialize(entry, RunJson.Options),
            }));
        foreach (var request in promotions)
        {
            var row = new TableEntity(Models, PromotionRow(request.Model, request.Id)) { ["Type"] = "promotion" };
            ChunkedJson.Write(row, "State", request, $"promotion {request.Id} of {request.Model}");
            actions.Add(new(TableTransactionActionType.UpsertReplace, row));
        }
        var response = await table.SubmitTransactionAsync(actions, cancellationToken);
        return response.Value[0].Headers.ETag ?? throw new InvalidOperationException("the table returned no ETag");
    }

    /// <summary>Copies audit entries into the platform-wide feed (idempotent: the same entry always has the same row).</summary>
    public async Task PublishAuditAsync(IEnumerable<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        foreach (var entry in entries)
            await table.UpsertEntityAsync(new TableEntity(Feed, FeedRow(entry)) { ["Entry"] = JsonSerializer.Serialize(entry, RunJson.Options) },
                TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>A model's audit entries, newest first, older than <paramref name="beforeSeq"/> (all when null).</summary>
    public async Task<List<AuditEntry>> ReadAuditAsync(string model, long? beforeSeq, int max, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var from = beforeSeq is { } seq ? AuditRow(model, seq) : $"{model}|audit|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Models} and RowKey gt {from} and RowKey lt {model + "|audit}"}");
        return await ReadEntriesAsync(table, filter, max, cancellationToken);
    }

    /// <summary>Every model's audit entries, newest first, after the feed position <paramref name="after"/> (from the start when null).</summary>
    public async Task<(List<AuditEntry> Entries, string? Next)> ReadFeedAsync(string? after, int max, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Feed}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Feed} and RowKey gt {after}");
        var entries = await ReadEntriesAsync(table, filter, max, cancellationToken);
        return (entries, entries.Count == max ? FeedRow(entries[^1]) : null);
    }

    public async Task<PromotionRequest?> ReadPromotionAsync(string model, int id, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Models, PromotionRow(model, id), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? ChunkedJson.Read<PromotionRequest>(entity, "State") : null;
    }

    /// <summary>A model's promotion requests, newest first.</summary>
    public async Task<List<PromotionRequest>> ReadPromotionsAsync(string model, int max, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Models} and RowKey gt {model + "|promotion|"} and RowKey lt {model + "|promotion}"}");
        var requests = new List<PromotionRequest>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            requests.Add(ChunkedJson.Read<PromotionRequest>(entity, "State")!);
        return [.. requests.OrderByDescending(r => r.Id).Take(max)];
    }

    private static async Task<List<AuditEntry>> ReadEntriesAsync(TableClient table, string filter, int max, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), select: ["Entry"], cancellationToken: cancellationToken))
        {
            entries.Add(JsonSerializer.Deserialize<AuditEntry>(entity.GetString("Entry")!, RunJson.Options)!);
            if (entries.Count == max)
                break;
        }
        return entries;
    }

    public async Task<List<ModelSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var models = new List<ModelSummary>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Models} and Type eq {"model"}"), maxPerPage: 1000,
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

    private const string Feed = "audit";

    /// <summary>Inverted numbers sort newest first in a table's ascending row order.</summary>
    private static string AuditRow(string model, long seq) => $"{model}|audit|{long.MaxValue - seq:D19}";

    private static string FeedRow(AuditEntry entry) => $"{long.MaxValue - entry.At.UtcTicks:D19}|{entry.Model}|{long.MaxValue - entry.Seq:D19}";

    private static string PromotionRow(string model, int id) => $"{model}|promotion|{id:D8}";

    private static string VersionPartition(string model) => $"version|{model}";

    private static string ChildPartition(ModelVersionRef parent) => $"child|{parent.Model}|{VersionRow(parent.Version)}";

    private static string VersionRow(int version) => version.ToString("D8", CultureInfo.InvariantCulture);
}
