using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// The scheduler's queue and slot book as rows of the runs table, partition <c>scheduler</c>: <c>queue|{run}</c> per
/// queued run, <c>slot|{run}</c> per admitted attempt. A decision (admit: unqueue + book) is one transaction, so a
/// restarted scheduler finds every run either queued or holding its slot, never both or neither; the cost of a
/// change does not grow with the queue.
/// </summary>
public sealed class SchedulerStore(PlatformStorage storage)
{
    private const string Partition = "scheduler";
    private const string QueuePrefix = "queue|";
    private const string SlotPrefix = "slot|";
    private const int MaxActionsPerTransaction = 100;
    private readonly TableOnDemand _table = new(storage.RunTable);

    public static TableTransactionAction Queue(QueueEntry entry) =>
        new(TableTransactionActionType.UpsertReplace, Row(QueuePrefix + entry.RunId, entry));

    public static TableTransactionAction Unqueue(string run) =>
        new(TableTransactionActionType.Delete, new TableEntity(Partition, QueuePrefix + run), ETag.All);

    public static TableTransactionAction Book(string run, RunAssignment assignment) =>
        new(TableTransactionActionType.UpsertReplace, Row(SlotPrefix + run, assignment));

    public static TableTransactionAction Free(string run) =>
        new(TableTransactionActionType.Delete, new TableEntity(Partition, SlotPrefix + run), ETag.All);

    public async Task<(List<QueueEntry> Queue, Dictionary<string, RunAssignment> Running)> LoadAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var queue = new List<QueueEntry>();
        var running = new Dictionary<string, RunAssignment>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var json = row.GetString("Value");
            if (row.RowKey.StartsWith(QueuePrefix, StringComparison.Ordinal))
                queue.Add(JsonSerializer.Deserialize<QueueEntry>(json, RunJson.Options)!);
            else if (row.RowKey.StartsWith(SlotPrefix, StringComparison.Ordinal))
                running[row.RowKey[SlotPrefix.Length..]] = JsonSerializer.Deserialize<RunAssignment>(json, RunJson.Options)!;
        }
        return (queue, running);
    }

    /// <summary>Stores decisions; each decision's actions (distinct rows) commit together, several decisions per transaction.</summary>
    public async Task SubmitAsync(IEnumerable<IReadOnlyList<TableTransactionAction>> decisions, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var transaction = new List<TableTransactionAction>();
        foreach (var decision in decisions)
        {
            if (transaction.Count + decision.Count > MaxActionsPerTransaction)
            {
                await table.SubmitTransactionAsync(transaction, cancellationToken);
                transaction = [];
            }
            transaction.AddRange(decision);
        }
        if (transaction.Count > 0)
            await table.SubmitTransactionAsync(transaction, cancellationToken);
    }

    private static TableEntity Row<T>(string key, T value) => new(Partition, key) { ["Value"] = JsonSerializer.Serialize(value, RunJson.Options) };
}
