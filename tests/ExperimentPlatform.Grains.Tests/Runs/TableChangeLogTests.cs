using Azure.Data.Tables;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Grains.Tests.Cluster;

namespace ExperimentPlatform.Grains.Tests.Runs;

public sealed class TableChangeLogTests
{
    [Fact]
    public async Task Changes_are_read_by_range_after_the_cursor_kept_apart_from_the_rows_and_pruned_when_old()
    {
        var storage = TestStorage.Create("changes", runTable: $"changes{Guid.NewGuid():N}"[..20]);
        var table = storage.RunTable;
        await table.CreateIfNotExistsAsync();
        var start = DateTimeOffset.UtcNow;
        async Task Write(string key, string value, DateTimeOffset at) => await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", key) { ["Value"] = value }),
            TableChangeLog.Record("p", key, [new("Value", value)], at),
        ]);
        await Write("run-a", "1", start);
        var reader = new TableChangeLog("p");
        reader.ReadAllAt(start.AddMinutes(1)); // a full read began a minute later: older changes are not read again

        await Write("run-b", "1", start.AddMinutes(2));
        await Write("run-a", "2", start.AddMinutes(3));
        Assert.Equal([("run-b", "1"), ("run-a", "2")], (await reader.ReadAsync(table, ["Value"])).Select(c => (c.RowKey, c.Change.GetString("Value"))));
        Assert.Equal(["run-a", "run-b"], table.Query<TableEntity>(TableChangeLog.RowsOf("p")).Select(e => e.RowKey));

        // Only changes older than the retention go; the rows stay.
        Assert.Equal(1, await reader.PruneAsync(table, start + TableChangeLog.Retention + TimeSpan.FromSeconds(90)));
        Assert.Equal(2, table.Query<TableEntity>(TableChangeLog.RowsOf("p")).Count());
        Assert.Equal(2, table.Query<TableEntity>(e => e.PartitionKey == "p").Count(e => e.RowKey.StartsWith(TableChangeLog.Prefix)));
    }
}
