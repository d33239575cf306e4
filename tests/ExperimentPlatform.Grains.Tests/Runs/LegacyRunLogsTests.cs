using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

public sealed class LegacyRunLogsTests
{
    [Fact]
    public async Task Logs_stored_before_summaries_are_found_once_and_the_list_is_kept_for_every_later_silo()
    {
        var blobs = new RunBlobStore(TestStorage.Create("legacy", runContainer: $"legacy-{Guid.NewGuid():N}"[..20]));
        await blobs.WriteEventsAsync("run-old", [Step(1)]);
        await blobs.WriteEventsAsync("run-new", [Step(1)]);
        await blobs.WriteSummaryAsync("run-new", new RunLogSummary(1, false, [], new MetricBook()).Encode());

        var first = new LegacyRunLogs(blobs);
        Assert.True(await first.ContainsAsync("run-old"));
        Assert.False(await first.ContainsAsync("run-new"));
        Assert.False(await first.ContainsAsync("run-never"));

        // A batch without a summary that appears later is not a legacy log (a log writes its summary before its events).
        await blobs.WriteEventsAsync("run-later", [Step(1)]);
        var second = new LegacyRunLogs(blobs);
        Assert.True(await second.ContainsAsync("run-old"));
        Assert.False(await second.ContainsAsync("run-later"));
    }

    private static RunEvent Step(long seq) =>
        new() { Seq = seq, Type = RunEventTypes.Step, Step = (int)seq, Values = new Dictionary<string, double> { ["train/loss"] = 1 } };
}
