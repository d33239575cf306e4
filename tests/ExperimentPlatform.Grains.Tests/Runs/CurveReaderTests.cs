using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

public sealed class CurveReaderTests
{
    [Fact]
    public void Min_max_thinning_keeps_every_bucket_extreme_even_several_spikes_in_one_bucket()
    {
        var book = Book(40_000, step => Math.Sin(step / 1000.0));
        book.Apply(Step(40_001, 90));   // a spike
        book.Apply(Step(40_002, -90));  // and a dip the next step: LTTB keeps one of the two
        for (var step = 40_003; step <= 100_000; step++)
            book.Apply(Step(step, Math.Sin(step / 1000.0)));

        var curve = CurveReader.Read(book, new CurveQuery { Metric = MetricNames.TrainLoss, Width = 600 });
        var lttb = CurveReader.Read(book, new CurveQuery { Metric = MetricNames.TrainLoss, Width = 600, Downsampling = CurveDownsampling.Lttb });

        Assert.True(curve.Points.Count <= 600);
        Assert.Equal(100_000, curve.TotalPoints);
        Assert.False(curve.FullResolution);
        Assert.Contains(new MetricPoint(40_001, 90), curve.Points);
        Assert.Contains(new MetricPoint(40_002, -90), curve.Points);
        Assert.False(lttb.Points.Contains(new MetricPoint(40_001, 90)) && lttb.Points.Contains(new MetricPoint(40_002, -90)));
        Assert.Equal(1, curve.Points[0].Step);
        Assert.Equal(100_000, curve.Points[^1].Step);
        Assert.True(curve.Points.Zip(curve.Points.Skip(1)).All(p => p.First.Step < p.Second.Step));
    }

    [Fact]
    public void A_zoomed_range_narrow_enough_comes_at_full_resolution()
    {
        var book = MetricBook.Exact();
        for (var step = 1; step <= 100_000; step++)
            book.Apply(Step(step, step));

        var curve = CurveReader.Read(book, new CurveQuery { Metric = MetricNames.TrainLoss, Width = 1000, FromStep = 5_001, ToStep = 5_800 });

        Assert.True(curve.FullResolution);
        Assert.Equal(Enumerable.Range(5_001, 800), curve.Points.Select(p => p.Step));
    }

    [Fact]
    public void Tokens_axis_gives_the_tokens_seen_at_each_points_step()
    {
        var book = new MetricBook();
        for (var step = 1; step <= 10; step++)
            book.Apply(new RunEvent { Type = RunEventTypes.Step, Step = step, Values = new Dictionary<string, double> { [MetricNames.TrainLoss] = 1, [MetricNames.Tokens] = step * 512 } });
        book.Apply(new RunEvent { Type = RunEventTypes.Eval, Step = 5, Values = new Dictionary<string, double> { [MetricNames.ValidationLoss] = 2 } });

        var validation = CurveReader.Read(book, new CurveQuery { Metric = MetricNames.ValidationLoss, X = CurveAxis.Tokens });
        var steps = CurveReader.Read(book, new CurveQuery { Metric = MetricNames.ValidationLoss });

        Assert.Equal([2_560L], validation.Tokens);
        Assert.Empty(steps.Tokens);
    }

    [Fact]
    public void A_run_of_a_million_steps_and_six_metrics_is_held_in_bounded_memory_and_its_curve_keeps_every_spike()
    {
        string[] metrics = ["train/loss", "train/lr", "train/grad_norm", "train/tokens_per_second", MetricNames.Tokens, "validation/loss"];
        var book = new MetricBook();
        for (var step = 1; step <= 1_000_000; step++)
        {
            var values = metrics.ToDictionary(m => m, m => Math.Cos(step / 5000.0));
            values["train/loss"] = step == 123_457 ? 90 : step == 876_543 ? -90 : Math.Sin(step / 5000.0);
            values[MetricNames.Tokens] = step * 512.0;
            book.Apply(new RunEvent { Seq = step, Type = RunEventTypes.Step, Step = step, Values = values });
        }

        // Per metric: 8,192 points one by one plus at most 2,048 blocks (one more before a merge), whatever the length.
        Assert.True(book.Held <= metrics.Length * (MetricBook.HeldPerMetric + MetricTrack.BlockPoints + MetricTrack.MaxBlocks + 1), $"{book.Held} points and blocks held");
        var curve = CurveReader.Read(book, new CurveQuery { Metric = "train/loss", Width = 800, X = CurveAxis.Tokens });
        Assert.Equal(1_000_000, curve.TotalPoints);
        Assert.True(curve.Points.Count <= 800);
        Assert.Contains(new MetricPoint(123_457, 90), curve.Points);
        Assert.Contains(new MetricPoint(876_543, -90), curve.Points);
        Assert.Equal((1, 1_000_000), (curve.Points[0].Step, curve.Points[^1].Step));
        Assert.Equal(curve.Points.Select(p => p.Step * 512L), curve.Tokens); // tokens grow linearly, so reading between kept points is exact here
    }

    [Fact]
    public void A_range_is_read_back_at_full_resolution_only_up_to_the_limit_and_otherwise_sketched()
    {
        var book = Book(130_000, step => step);

        var narrow = book.Slice(MetricNames.TrainLoss, 1_000, 1_999, readBackUpTo: 100_000);
        var wide = book.Slice(MetricNames.TrainLoss, 1, 110_000, readBackUpTo: 100_000);
        var held = book.Slice(MetricNames.TrainLoss, 125_000, 130_000, readBackUpTo: 0);

        Assert.Equal((1_000, 1_999), (narrow.ReadBack!.FromStep, narrow.ReadBack.ToStep));
        Assert.True(narrow.ReadBack.FirstSeq <= 1_000 && narrow.ReadBack.LastSeq >= 1_999);
        Assert.Null(wide.ReadBack); // the log refuses such a range, naming "to"; a curve thins this sketch
        Assert.False(wide.Exact);
        Assert.Equal(110_000, wide.Total);
        Assert.True(held.Exact);
        Assert.Equal(5_001, held.Points.Count);
    }

    [Fact]
    public void A_query_that_cannot_be_answered_names_its_field()
    {
        var problem = Assert.Throws<RunSpecException>(() => CurveReader.Read(new MetricBook(), new CurveQuery { Metric = MetricNames.TrainLoss, Width = 1 }));
        Assert.Contains("width", problem.Message);
        problem = Assert.Throws<RunSpecException>(() => CurveReader.Read(new MetricBook(), new CurveQuery { Metric = MetricNames.TrainLoss, FromStep = 9, ToStep = 3 }));
        Assert.Contains("from", problem.Message);
    }

    /// <summary>Steps 1..<paramref name="lastStep"/> of train/loss.</summary>
    private static MetricBook Book(int lastStep, Func<int, double> value)
    {
        var book = new MetricBook();
        for (var step = 1; step <= lastStep; step++)
            book.Apply(Step(step, value(step)));
        return book;
    }

    private static RunEvent Step(int step, double loss) =>
        new() { Seq = step, Type = RunEventTypes.Step, Step = step, Values = new Dictionary<string, double> { [MetricNames.TrainLoss] = loss } };
}
