using System.Net;
using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

[Collection(ClusterCollection.Name)]
public sealed class EventLogTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_long_log_keeps_recent_events_in_memory_and_serves_older_ones_from_storage_also_after_a_restart()
    {
        var id = RunScenario.NewRunId();
        var log = fixture.Grains.GetGrain<IRunEventsGrain>(id);
        const int batches = 30, size = 1000;
        for (var b = 0; b < batches; b++)
            await log.AppendAsync([.. Enumerable.Range(b * size + 1, size).Select(step => new RunEvent
            {
                Type = "step", Attempt = 1, Step = step, Values = new Dictionary<string, double> { ["train/loss"] = 1.0 / step },
            })]);
        Assert.True(batches * size > RunEventsGrain.RecentEvents);

        var oldest = await log.ReadAsync(0, 10_000, TimeSpan.Zero);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), oldest.Events.Select(e => e.Seq));
        var recent = await log.ReadAsync(29_000, 10_000, TimeSpan.Zero);
        Assert.Equal(Enumerable.Range(29_001, 1_000), recent.Events.Select(e => e.Step));
        Assert.Equal(30_000, (await log.GetSeriesAsync("train/loss", 500)).TotalPoints);
        var head = await log.GetHeadAsync();
        Assert.Equal(30_000, head);
        Assert.Empty((await log.ReadAsync(head, 10, TimeSpan.Zero)).Events); // a watch from the head sees only what comes next

        await fixture.RestartAllSilosAsync();

        var again = await log.ReadAsync(12_345, 10, TimeSpan.Zero);
        Assert.Equal(Enumerable.Range(12_346, 10).Select(i => (long)i), again.Events.Select(e => e.Seq));
        var series = await log.GetSeriesAsync("train/loss", 500);
        Assert.Equal((500, 30_000), (series.Points.Count, series.TotalPoints));
        var live = fixture.Cluster.Silos.Select(s => EventJournalStore.FolderOf(s.SiloAddress)).ToHashSet();
        Assert.All(await Journals.ListFoldersAsync(), folder => Assert.Contains(folder, live)); // stopped silos left no journal
    }

    [Fact]
    public async Task Events_a_dead_silo_left_in_its_journal_are_replayed_before_the_log_takes_new_ones()
    {
        var (run, other) = (RunScenario.NewRunId(), RunScenario.NewRunId());
        var dead = EventJournalStore.FolderOf(SiloAddress.New(IPAddress.Loopback, 1, 4242));
        static List<RunEvent> Steps(int from, int to) => [.. Enumerable.Range(from, to - from + 1).Select(i => new RunEvent
        {
            Seq = i, Type = "step", Attempt = 1, Step = i, Values = new Dictionary<string, double> { ["train/loss"] = 1.0 / i },
        })];
        // Two group commits, as the silo wrote them before it was killed; nothing compacted yet.
        await Journals.WriteAsync(dead, 1, [new JournalEntry(run, Steps(1, 30)), new JournalEntry(other, Steps(1, 5))]);
        await Journals.WriteAsync(dead, 2, [new JournalEntry(run, Steps(31, 50))]);

        var log = fixture.Grains.GetGrain<IRunEventsGrain>(run);
        var replayed = await log.ReadAsync(0, 1000, TimeSpan.Zero);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), replayed.Events.Select(e => e.Seq));
        Assert.Equal(51, await log.AppendAsync([new RunEvent { Type = "log", Attempt = 2, Text = "resumed" }]));
        Assert.Equal(5, (await fixture.Grains.GetGrain<IRunEventsGrain>(other).GetSeriesAsync("train/loss", 100)).TotalPoints);
        Assert.Empty(await Journals.ListAsync(dead));
    }

    private EventJournalStore Journals => new(fixture.Storage, new RunBlobStore(fixture.Storage));
}
