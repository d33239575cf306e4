using System.Globalization;
using Azure.Data.Tables;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// A change log kept beside a table's rows, in their partition: each write of a row also writes a change row
/// (<c>~change|{ticks}|{key}</c>, carrying what a list needs) in the same entity-group transaction, so a change is
/// stored exactly when its row is. A list reads the changes after its cursor by RowKey range (an index seek in Table
/// storage, never a scan of the partition); it starts a margin before the newest change it saw, so writers' clock skew
/// cannot hide one, and every <see cref="PruneEvery"/> reads it deletes changes older than <see cref="Retention"/> (a
/// list that starts reads the rows themselves).
/// Rows' own keys must sort before <see cref="Prefix"/> (run ids start with <c>run-</c>).
/// </summary>
public sealed class TableChangeLog(string partition)
{
    public const string Prefix = "~change|";
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    public const int PruneEvery = 30;
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);
    private long _since;
    private int _reads;

    /// <summary>The filter for a partition's own rows (without the change rows).</summary>
    public static string RowsOf(string partition) => TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {Prefix}");

    /// <summary>The change row that goes with a write of <paramref name="rowKey"/> made at <paramref name="at"/>.</summary>
    public static TableTransactionAction Record(string partition, string rowKey, IEnumerable<KeyValuePair<string, object>> values, DateTimeOffset at)
    {
        var change = new TableEntity(partition, Key(at.UtcTicks, rowKey));
        foreach (var (name, value) in values)
            change[name] = value;
        return new TableTransactionAction(TableTransactionActionType.UpsertReplace, change);
    }

    /// <summary>Marks a full read of the rows begun at <paramref name="at"/>: later reads of changes start from it.</summary>
    public void ReadAllAt(DateTimeOffset at) => _since = Math.Max(_since, at.UtcTicks - Overlap.Ticks);

    /// <summary>
    /// The changes since the cursor, oldest first (a change may come twice: the margin), with the changed row's key;
    /// moves the cursor, and every <see cref="PruneEvery"/> reads prunes the old changes.
    /// </summary>
    public async Task<List<(string RowKey, TableEntity Change)>> ReadAsync(TableClient table, IEnumerable<string> select, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {Key(_since, "")} and RowKey lt {Prefix + "~"}");
        var changes = new List<(string, TableEntity)>();
        var newest = 0L;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: [.. select, "RowKey"], cancellationToken: cancellationToken))
        {
            var (ticks, rowKey) = Parse(entity.RowKey);
            changes.Add((rowKey, entity));
            newest = Math.Max(newest, ticks);
        }
        if (newest > 0)
            _since = Math.Max(_since, newest - Overlap.Ticks);
        if (++_reads % PruneEvery == 0)
            await PruneAsync(table, DateTimeOffset.UtcNow, cancellationToken);
        return changes;
    }

    /// <summary>Deletes changes older than <see cref="Retention"/> before <paramref name="now"/>, a hundred per transaction; returns how many.</summary>
    public async Task<int> PruneAsync(TableClient table, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {Prefix} and RowKey lt {Key((now - Retention).UtcTicks, "")}");
        var old = new List<TableTransactionAction>();
        var deleted = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            old.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, entity.RowKey)));
            if (old.Count == 100)
            {
                await table.SubmitTransactionAsync(old, cancellationToken);
                deleted += old.Count;
                old.Clear();
            }
        }
        if (old.Count > 0)
        {
            await table.SubmitTransactionAsync(old, cancellationToken);
            deleted += old.Count;
        }
        return deleted;
    }

    private static string Key(long ticks, string rowKey) => $"{Prefix}{ticks.ToString("D19", CultureInfo.InvariantCulture)}|{rowKey}";

    private static (long Ticks, string RowKey) Parse(string key)
    {
        var rest = key[Prefix.Length..];
        var bar = rest.IndexOf('|', StringComparison.Ordinal);
        return (long.Parse(rest[..bar], CultureInfo.InvariantCulture), rest[(bar + 1)..]);
    }
}
