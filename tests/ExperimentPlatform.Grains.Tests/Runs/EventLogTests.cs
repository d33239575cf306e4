using ExperimentPlatform.Grains.Runs;
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

        await fixture.RestartAllSilosAsync();

        var again = await log.ReadAsync(12_345, 10, TimeSpan.Zero);
        Assert.Equal(Enumerable.Range(12_346, 10).Select(i => (long)i), again.Events.Select(e => e.Seq));
        var series = await log.GetSeriesAsync("train/loss", 500);
        Assert.Equal((500, 30_000), (series.Points.Count, series.TotalPoints));
    }
}
