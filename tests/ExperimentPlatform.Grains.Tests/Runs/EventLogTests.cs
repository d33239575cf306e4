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
        Assert.True(batches * size > MetricBook.HeldPerMetric);

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
        // Older steps are summarised in memory; a zoom into them reads them back at full resolution.
        var zoom = await log.GetRangeAsync("train/loss", 1_000, 1_999);
        Assert.Equal(Enumerable.Range(1_000, 1_000), zoom.Points.Select(p => p.Step));
        Assert.All(zoom.Points, p => Assert.Equal(1.0 / p.Step, p.Value));
        var curve = await log.GetCurveAsync(new CurveQuery { Metric = "train/loss", Width = 100, FromStep = 100, ToStep = 5_000 });
        Assert.Equal(4_901, curve.TotalPoints);
        Assert.Contains(new MetricPoint(100, 1.0 / 100), curve.Points);
        var live = fixture.Cluster.Silos.Select(s => EventJournalStore.FolderOf(s.SiloAddress)).ToHashSet();
        Assert.All(await Journals.ListFoldersAsync(), folder => Assert.Contains(folder, live)); // stopped silos left no journal
    }

    [Fact]
    public async Task An_attempt_resuming_from_a_checkpoint_in_summarised_steps_replaces_the_lost_points()
    {
        var log = fixture.Grains.GetGrain<IRunEventsGrain>(RunScenario.NewRunId());
        for (var from = 1; from <= 20_000; from += 1_000)
            await log.AppendAsync([.. Enumerable.Range(from, 1_000).Select(step => StepEvent(1, step, step))]);
        // Attempt 2 resumes from the checkpoint at step 2,000, long summarised by now; it replays steps 2,001..2,100.
        await log.AppendAsync([new RunEvent { Type = RunEventTypes.Attempt, Attempt = 2, Step = 2_000 }]);
        await log.AppendAsync([.. Enumerable.Range(2_001, 100).Select(step => StepEvent(2, step, -step))]);

        var tail = await log.GetRangeAsync("train/loss", 1_991, 30_000);
        Assert.Equal(Enumerable.Range(1_991, 110), tail.Points.Select(p => p.Step));
        Assert.Equal([1_999.0, 2_000.0, -2_001.0], tail.Points.Skip(8).Take(3).Select(p => p.Value));
        Assert.Equal(2_100, (await log.GetSeriesAsync("train/loss", 10)).TotalPoints);
        Assert.Equal(new MetricPoint(2_100, -2_100), (await log.GetLatestAsync())["train/loss"]);
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
        // One log had a summary, which named the silo's journal before its first append there; the other had none yet
        // (a new log's first events go to the journal; its summary comes with its first batch), so it asks every journal.
        await new RunBlobStore(fixture.Storage).WriteSummaryAsync(run, RunLogSummary.First([dead]));
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

    private static RunEvent StepEvent(int attempt, int step, double loss) =>
        new() { Type = RunEventTypes.Step, Attempt = attempt, Step = step, Values = new Dictionary<string, double> { ["train/loss"] = loss } };

    private EventJournalStore Journals => new(fixture.Storage, new RunBlobStore(fixture.Storage));
}
