using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// One table row per run: the run's state (JSON, <see cref="ChunkedJson"/>) and the
/// summary the run list reads. State and list entry are one write, so the list cannot drift from the runs; an ETag
/// guards against two writers.
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
        Response response = etag == default
            ? await table.AddEntityAsync(entity, cancellationToken)
            : await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag ?? throw new InvalidOperationException("the table returned no ETag");
    }

    /// <summary>Summaries of the runs whose rows changed at or after <paramref name="since"/> (all when null), with the newest row time seen.</summary>
    public async Task<(List<RunSummary> Runs, DateTimeOffset? Newest)> ReadSummariesAsync(DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = since is { } t
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Timestamp ge {t}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        var runs = new List<RunSummary>();
        DateTimeOffset? newest = null;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["Summary", "Timestamp"], cancellationToken: cancellationToken))
        {
            if (entity.GetString("Summary") is { } json)
                runs.Add(JsonSerializer.Deserialize<RunSummary>(json, RunJson.Options)!);
            if (entity.Timestamp is { } stamp && (newest is null || stamp > newest))
                newest = stamp;
        }
        return (runs, newest);
    }
}
