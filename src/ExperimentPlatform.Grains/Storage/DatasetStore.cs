using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// Datasets in Table storage, built to grow: one row per dataset (partition <c>dataset</c>) holding its versions and
/// its list entry in one write, so the list cannot drift from the datasets; its history as one row per event and its
/// references as one row per referrer (partition <c>log|{name}</c>), so neither grows any row.
/// </summary>
public sealed class DatasetStore(PlatformStorage storage)
{
    private const string Datasets = "dataset";
    private readonly TableOnDemand _table = new(storage.DatasetTable);

    public async Task<(DatasetRow? Row, ETag ETag)> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Datasets, name, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? (ChunkedJson.Read<DatasetRow>(entity, "State"), entity.ETag) : (null, default);
    }

    /// <summary>Writes the dataset and its list entry (none when it has no versions). <paramref name="etag"/> default: must not exist yet.</summary>
    public async Task<ETag> WriteAsync(string name, DatasetRow row, ETag etag, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(Datasets, name);
        ChunkedJson.Write(entity, "State", row, $"dataset {name}");
        entity["Listed"] = row.Versions.Count > 0;
        if (row.Versions.Count > 0)
            entity["Summary"] = JsonSerializer.Serialize(new DatasetSummary { Name = name, Kind = row.Kind, VersionCount = row.Versions.Count, Latest = row.Versions[^1] }, RunJson.Options);
        var listed = new List<KeyValuePair<string, object>> { new("Listed", entity["Listed"]) };
        if (entity.TryGetValue("Summary", out var summary))
            listed.Add(new("Summary", summary));
        TableTransactionAction write = etag == default
            ? new(TableTransactionActionType.Add, entity)
            : new(TableTransactionActionType.UpdateReplace, entity, etag);
        var responses = await table.SubmitTransactionAsync([write, TableChangeLog.Record(Datasets, name, listed, DateTimeOffset.UtcNow)], cancellationToken);
        return responses.Value[0].Headers.ETag ?? throw new InvalidOperationException("the table returned no ETag");
    }

    /// <summary>A cursor over the changes of the dataset rows, for one reader.</summary>
    public static TableChangeLog NewChangeLog() => new(Datasets);

    /// <summary>List entries of every dataset (the rows themselves; a list reads them once, then follows the changes); unlisted ones as null summaries.</summary>
    public async Task<List<(string Name, DatasetSummary? Summary)>> ReadSummariesAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var rows = new List<(string, DatasetSummary?)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableChangeLog.RowsOf(Datasets), maxPerPage: 1000, select: ["Summary", "Listed", "RowKey"], cancellationToken: cancellationToken))
            rows.Add((entity.RowKey, Listed(entity)));
        return rows;
    }

    /// <summary>List entries of the datasets written since <paramref name="changes"/>' cursor, oldest first; removed ones as null summaries.</summary>
    public async Task<List<(string Name, DatasetSummary? Summary)>> ReadChangesAsync(TableChangeLog changes, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        return [.. (await changes.ReadAsync(table, ["Summary", "Listed"], cancellationToken)).Select(c => (c.RowKey, Listed(c.Change)))];
    }


    private static DatasetSummary? Listed(TableEntity entity) =>
        entity.GetBoolean("Listed") == true && entity.GetString("Summary") is { } json ? JsonSerializer.Deserialize<DatasetSummary>(json, RunJson.Options) : null;

    public async Task AppendHistoryAsync(string name, long seq, DatasetEvent e, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(Log(name), HistoryKey(seq)) { ["Event"] = JsonSerializer.Serialize(e, RunJson.Options) };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The newest <paramref name="count"/> history events (oldest first) and the sequence of the newest.</summary>
    public async Task<(List<DatasetEvent> Events, long NewestSeq)> ReadHistoryAsync(string name, int count, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Log(name)} and RowKey ge {"h|"} and RowKey lt {"h}"}");
        var events = new List<DatasetEvent>();
        long newest = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: count, cancellationToken: cancellationToken))
        {
            if (newest == 0)
                newest = long.MaxValue - long.Parse(entity.RowKey[2..], System.Globalization.CultureInfo.InvariantCulture);
            events.Add(JsonSerializer.Deserialize<DatasetEvent>(entity.GetString("Event")!, RunJson.Options)!);
            if (events.Count >= count)
                break;
        }
        events.Reverse();
        return (events, newest);
    }

    public async Task AddReferenceAsync(string name, string version, string referrer, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(Log(name), ReferenceKey(version, referrer)) { ["Version"] = version, ["Referrer"] = referrer };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task RemoveReferenceAsync(string name, string version, string referrer, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(Log(name), ReferenceKey(version, referrer), ETag.All, cancellationToken);
    }

    /// <summary>Version name → referrers.</summary>
    public async Task<Dictionary<string, List<string>>> ReadReferencesAsync(string name, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Log(name)} and RowKey ge {"r|"} and RowKey lt {"r}"}");
        var references = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var version = entity.GetString("Version")!;
            if (!references.TryGetValue(version, out var list))
                references[version] = list = [];
            list.Add(entity.GetString("Referrer")!);
        }
        return references;
    }

    /// <summary>The partition of a dataset's history and references (never "dataset", the partition of the rows).</summary>
    private static string Log(string name) => $"log|{name}";

    /// <summary>Newest first: the sequence inverted, zero-padded.</summary>
    private static string HistoryKey(long seq) => $"h|{long.MaxValue - seq:D19}";

    private static string ReferenceKey(string version, string referrer) => $"r|{Escape(version)}|{Escape(referrer)}";

    // Row keys may not hold '/', '\', '#', '?' or control characters.
    private static string Escape(string value) => Uri.EscapeDataString(value).Replace("%", "~", StringComparison.Ordinal);
}
