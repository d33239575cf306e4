using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

public sealed class MetricSeriesTests
{
    [Fact]
    public void Steps_replayed_by_a_resumed_attempt_replace_the_lost_attempts_points()
    {
        var book = new MetricBook();
        for (var step = 1; step <= 7; step++)
            book.Apply(Step(1, step, 10 - step));
        // Attempt 2 resumes from the checkpoint at step 5; attempt 1's steps 6 and 7 are gone, then replayed.
        book.Apply(new RunEvent { Type = "attempt", Attempt = 2, Step = 5 });
        for (var step = 6; step <= 8; step++)
            book.Apply(Step(2, step, 100 + step));

        var points = book.Points("train/loss");
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], points.Select(p => p.Step));
        Assert.Equal([106.0, 107.0, 108.0], points.Skip(5).Select(p => p.Value));
        Assert.Equal([4, 5, 6], book.Range("train/loss", 4, 6).Select(p => p.Step));
    }

    [Fact]
    public void Downsampling_keeps_the_ends_and_the_spikes()
    {
        var points = Enumerable.Range(1, 100_000).Select(i => new MetricPoint(i, Math.Sin(i / 1000.0))).ToList();
        points[54_321] = new MetricPoint(54_322, 50);   // a loss spike
        points[77_777] = new MetricPoint(77_778, -50);  // and a dip

        var sampled = Lttb.Downsample(points, 500);

        Assert.Equal(500, sampled.Count);
        Assert.Equal(points[0], sampled[0]);
        Assert.Equal(points[^1], sampled[^1]);
        Assert.Contains(new MetricPoint(54_322, 50), sampled);
        Assert.Contains(new MetricPoint(77_778, -50), sampled);
        Assert.True(sampled.Zip(sampled.Skip(1)).All(p => p.First.Step < p.Second.Step));
    }

    private static RunEvent Step(int attempt, int step, double loss) =>
        new() { Type = "step", Attempt = attempt, Step = step, Values = new Dictionary<string, double> { ["train/loss"] = loss } };
}
