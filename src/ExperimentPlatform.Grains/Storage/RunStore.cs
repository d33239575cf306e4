using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// One table row per run: the run's state (JSON, <see cref="ChunkedJson"/>) and the
/// summary the run list reads. State and list entry are one write, so the list cannot drift from the runs; an ETag
/// guards against two writers. Each write also records a change (<see cref="TableChangeLog"/>, same transaction), which
/// the run list reads to stay current without scanning the table.
/// </summary>
public sealed class RunStore(PlatformStorage storage)
{
    private const string Partition = "run";
    private readonly TableOnDemand _table = new(storage.RunTable);

    public async Task<(RunDetails? Run, ETag ETag)> ReadAsync(string id, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is null)
            return (null, default);
        return (ChunkedJson.Read<RunDetails>(response.Value, "State"), response.Value.ETag);
    }

    /// <summary>Writes the run; <paramref name="etag"/> default: the row must not exist yet. Returns the new ETag.</summary>
    public async Task<ETag> WriteAsync(RunDetails run, ETag etag, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(Partition, run.Id)
        {
            ["Summary"] = JsonSerializer.Serialize(RunSummary.Of(run), RunJson.Options),
            ["Status"] = run.Status.ToString(),
        };
        ChunkedJson.Write(entity, "State", run, $"run {run.Id}'s state");
        TableTransactionAction write = etag == default
            ? new(TableTransactionActionType.Add, entity)
            : new(TableTransactionActionType.UpdateReplace, entity, etag);
        var change = TableChangeLog.Record(Partition, run.Id, [new("Summary", entity["Summary"])], DateTimeOffset.UtcNow);
        var responses = await table.SubmitTransactionAsync([write, change], cancellationToken);
        return responses.Value[0].Headers.ETag ?? throw new InvalidOperationException("the table returned no ETag");
    }

    /// <summary>A cursor over the changes of the run rows, for one reader.</summary>
    public static TableChangeLog NewChangeLog() => new(Partition);

    /// <summary>Summaries of the runs written since <paramref name="changes"/>' cursor (a run may come more than once), oldest first.</summary>
    public async Task<List<RunSummary>> ReadChangesAsync(TableChangeLog changes, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        return [.. (await changes.ReadAsync(table, ["Summary"], cancellationToken))
            .Select(c => JsonSerializer.Deserialize<RunSummary>(c.Change.GetString("Summary"), RunJson.Options)!)];
    }


    /// <summary>Summaries of every run (the rows themselves; a list reads them once, then follows the changes).</summary>
    public async Task<List<RunSummary>> ReadSummariesAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var runs = new List<RunSummary>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableChangeLog.RowsOf(Partition), maxPerPage: 1000, select: ["Summary"], cancellationToken: cancellationToken))
        {
            if (entity.GetString("Summary") is { } json)
                runs.Add(JsonSerializer.Deserialize<RunSummary>(json, RunJson.Options)!);
        }
        return runs;
    }
}
