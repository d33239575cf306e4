using Azure.Data.Tables;

namespace ExperimentPlatform.Silo.Tests;

/// <summary>Reads Orleans' membership table (Azure Table storage) the way an operator would.</summary>
public sealed class MembershipTable(string connectionString, string clusterId)
{
    private readonly TableClient _table = new(connectionString, "OrleansSiloInstances");

    /// <summary>Silo port → status ("Active", "Dead", …) of every silo that registered in this cluster.</summary>
    public async Task<Dictionary<int, string>> StatusesAsync()
    {
        var statuses = new Dictionary<int, string>();
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == clusterId))
            {
                if (row.GetString("Port") is { } port && row.GetString("Status") is { } status)
                    statuses[int.Parse(port)] = status;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }
        return statuses;
    }

    public async Task<TimeSpan> WaitForAsync(Func<Dictionary<int, string>, bool> condition, TimeSpan timeout, Func<string> diagnostics)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (condition(await StatusesAsync()))
                return watch.Elapsed;
            await Task.Delay(100);
        }
        throw new TimeoutException($"membership condition not met within {timeout}: {string.Join(", ", (await StatusesAsync()).Select(kv => $"{kv.Key}={kv.Value}"))}\n{diagnostics()}");
    }
}
