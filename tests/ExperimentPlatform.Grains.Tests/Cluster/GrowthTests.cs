using System.Diagnostics;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Xunit.Abstractions;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>
/// What grows with use lives in rows built for it: 10,000 datasets, 10,000 runs and a dataset with 5,000 history
/// events stay listed and usable through a restart of every silo, and no row grows with them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrowthTests(ClusterFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly DatasetScenario _scenario = new(fixture);

    [Fact]
    public async Task Ten_thousand_datasets_and_runs_and_five_thousand_history_events_survive_a_restart()
    {
        const int count = 10_000;
        var prefix = DatasetScenario.NewName("grow");
        var datasets = new DatasetStore(fixture.Storage);
        var runs = new RunStore(fixture.Storage);
        var experiment = $"{prefix}-runs";
        var version = await _scenario.Dataset(prefix).ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("g.txt", "grow"), DatasetKind.Text));
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            await datasets.WriteAsync($"{prefix}-{i:D5}", new DatasetRow { Kind = DatasetKind.Text, Versions = [version] }, default, ct);
            var id = $"{prefix}-run-{i:D5}";
            await runs.WriteAsync(new RunDetails
            {
                Id = id, Spec = new RunSpec { Dataset = prefix, Experiment = experiment }, Status = RunStatus.Completed, CreatedBy = "test:alice",
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Dataset = new DatasetVersionRef(prefix, "v1", version.Sha256),
            }, default, ct);
        });
        await Parallel.ForEachAsync(Enumerable.Range(1, 5_000), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (seq, ct) =>
            await datasets.AppendHistoryAsync(prefix, seq, new DatasetEvent(DateTimeOffset.UtcNow, "test:alice", "note", null, $"event {seq}"), ct));
        output.WriteLine($"wrote {count:N0} datasets, {count:N0} runs and 5,000 history rows in {clock.Elapsed.TotalSeconds:F1} s");

        await fixture.RestartAllSilosAsync();

        clock.Restart();
        var listed = await fixture.Grains.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key).ListAsync();
        output.WriteLine($"first dataset list after the restart (loads the table): {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(count, listed.Count(d => d.Name.StartsWith(prefix + "-", StringComparison.Ordinal)));
        var index = fixture.Grains.GetGrain<IRunIndexGrain>(IRunIndexGrain.Key);
        clock.Restart();
        var page = await index.ListAsync(new RunQuery { Experiment = experiment, PageSize = 100, Page = 37 });
        output.WriteLine($"first run list after the restart (loads the table): {clock.Elapsed.TotalMilliseconds:F0} ms");
        clock.Restart();
        page = await index.ListAsync(new RunQuery { Experiment = experiment, PageSize = 100, Page = 37 });
        output.WriteLine($"a later page of 100 of {page.Total:N0} runs: {clock.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Equal(count, page.Total);
        Assert.Equal(100, page.Runs.Count);

        // The dataset with 5,000 events still takes changes; it shows its newest events and its row stays small.
        await _scenario.Dataset(prefix).ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("g2.txt", "grow more"), DatasetKind.Text, "v2"));
        var details = await _scenario.Dataset(prefix).GetAsync();
        Assert.Equal(["v1", "v2"], details.Versions.Select(v => v.Name));
        Assert.Equal(ExperimentPlatform.Grains.Datasets.DatasetGrain.HistoryShown, details.History.Count);
        Assert.Equal("version-created", details.History[^1].Action);
        var row = await fixture.Storage.DatasetTable.GetEntityAsync<Azure.Data.Tables.TableEntity>("dataset", prefix);
        Assert.True(row.Value.GetString("State0")!.Length < 8_000, $"the dataset's row holds {row.Value.GetString("State0")!.Length} characters");
    }

    [Fact]
    public async Task Ten_thousand_queued_runs_keep_their_order_through_a_restart()
    {
        const int count = 10_000;
        var prefix = DatasetScenario.NewName("queue");
        var scheduler = fixture.Grains.GetGrain<IRunSchedulerGrain>(IRunSchedulerGrain.Key);
        var store = new SchedulerStore(fixture.Storage);
        var start = DateTimeOffset.UtcNow;
        // Runs waiting for a cuda worker (the test cluster has none), at three priorities; most written as the
        // scheduler writes them (one row each), the last 100 queued through the scheduler itself.
        QueueEntry Entry(int i) => new()
        {
            RunId = $"{prefix}-{i:D5}", Priority = i % 3, QueuedAt = start.AddMilliseconds(i), Resources = new ResourceRequest { Accelerator = "cuda" }, NextAttempt = 1,
        };
        await store.SubmitAsync(Enumerable.Range(0, count - 100).Select(i => (IReadOnlyList<Azure.Data.Tables.TableTransactionAction>)[SchedulerStore.Queue(Entry(i))]));
        await fixture.RestartAllSilosAsync();
        var clock = Stopwatch.StartNew();
        foreach (var i in Enumerable.Range(count - 100, 100))
            await scheduler.EnqueueAsync(Entry(i));
        output.WriteLine($"100 runs queued behind {count - 100:N0}: {clock.Elapsed.TotalMilliseconds / 100:F1} ms each");

        await fixture.RestartAllSilosAsync();

        var expected = Enumerable.Range(0, count).Select(Entry).OrderByDescending(e => e.Priority).ThenBy(e => e.QueuedAt).Select(e => e.RunId).ToList();
        clock.Restart();
        var view = await scheduler.GetViewAsync();
        output.WriteLine($"first queue view after the restart (loads the rows): {clock.Elapsed.TotalMilliseconds:F0} ms");
        // One view is one page: the first 100 in start order, and how many wait in all.
        Assert.Equal(SchedulerView.DefaultQueuePage, view.Queue.Count);
        Assert.True(view.QueueLength >= count, $"queue length {view.QueueLength}, expected at least {count}");
        Assert.Equal(Enumerable.Range(1, 100), view.Queue.Select(q => q.Position));
        Assert.Equal(expected, (await QueueAsync(scheduler)).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal("waiting for a cuda worker (none in the cluster)", await scheduler.GetWaitingAsync(expected[^1]));

        clock.Restart();
        foreach (var id in expected.Take(100))
            await scheduler.ReleaseAsync(id, 1);
        output.WriteLine($"100 queued runs released: {clock.Elapsed.TotalMilliseconds / 100:F1} ms each");
        Assert.Equal(expected.Skip(100), (await QueueAsync(scheduler)).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)));

        // Leave the shared cluster's queue as it was.
        await store.SubmitAsync(expected.Skip(100).Select(id => (IReadOnlyList<Azure.Data.Tables.TableTransactionAction>)[SchedulerStore.Unqueue(id)]));
        await fixture.RestartAllSilosAsync();
        Assert.DoesNotContain(await QueueAsync(scheduler), id => id.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The whole queue in start order, read a page at a time.</summary>
    private static async Task<List<string>> QueueAsync(IRunSchedulerGrain scheduler)
    {
        var ids = new List<string>();
        SchedulerView page;
        do
        {
            page = await scheduler.GetViewAsync(ids.Count, SchedulerView.MaxQueuePage);
            ids.AddRange(page.Queue.Select(q => q.RunId));
        }
        while (page.Queue.Count > 0 && ids.Count < page.QueueLength);
        return ids;
    }

    [Fact]
    public async Task A_dataset_written_without_its_list_notice_appears_in_the_list_after_one_sync()
    {
        var name = DatasetScenario.NewName("repair");
        var version = await _scenario.Dataset(DatasetScenario.NewName("src")).ImportAsync(
            DatasetScenario.FromPath(_scenario.WriteFile("r.txt", "repair me"), DatasetKind.Text));
        // As if the process died between the dataset's write and its notice to the list.
        await new DatasetStore(fixture.Storage).WriteAsync(name, new DatasetRow { Kind = DatasetKind.Text, Versions = [version] }, default);

        var registry = fixture.Grains.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key);
        await Testing.Eventually.WaitUntilAsync(async () => (await registry.ListAsync()).Any(d => d.Name == name),
            $"the dataset list's sync to pick up {name}", TimeSpan.FromSeconds(15));
    }

    public void Dispose() => _scenario.Dispose();
}
