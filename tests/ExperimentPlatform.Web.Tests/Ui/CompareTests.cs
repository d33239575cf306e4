using Bunit;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Components.Shared;
using ExperimentPlatform.Web.Services;
using Plotly.Blazor.Traces;

namespace ExperimentPlatform.Web.Tests.Ui;

public sealed class CompareTests
{
    private static readonly IReadOnlyList<CompareRun> Three = [CompareRun.Of(0, "run-a", "lr 1e-3"), CompareRun.Of(1, "run-b", "lr 3e-3"), CompareRun.Of(2, "run-c", null)];

    private static IRenderedComponent<CompareChart> Chart(UiContext ui, string metric, SmoothingKind smoothing, double amount) =>
        ui.Render<CompareChart>(p => p.Add(c => c.Metric, metric).Add(c => c.Runs, Three).Add(c => c.Eager, true).Add(c => c.Smoothing, smoothing).Add(c => c.Amount, amount));

    [Fact]
    public async Task Each_run_keeps_one_colour_on_every_chart_and_in_the_legend()
    {
        await using var ui = new UiContext();
        ui.Cluster.With<IRunEventsGrain>(new FakeRunEvents(MetricNames.TrainLoss, 500));

        var loss = Chart(ui, MetricNames.TrainLoss, SmoothingKind.None, 0);
        var legend = ui.Render<CompareLegend>(p => p.Add(l => l.Runs, Three));

        loss.WaitForAssertion(() => Assert.Equal("drawn", loss.Find("[data-testid=compare-chart]").GetAttribute("data-state")));
        var lineColours = loss.Instance.Traces.Cast<Scatter>().Select(t => (string?)t.Line.Color).ToList();
        var legendColours = legend.FindAll("[data-testid=legend-run]").Select(e => e.GetAttribute("data-colour")).ToList();
        Assert.Equal(Three.Select(r => r.Colour), lineColours);
        Assert.Equal(lineColours, legendColours);
        Assert.Equal(["lr 1e-3 (run-a)", "lr 3e-3 (run-b)", "run-c"],
            [.. legend.FindAll("[data-testid=legend-run]").Select(e => e.TextContent.Trim())]);

        // Fifty runs, fifty colours, the same ones every time they are asked for.
        var fifty = Enumerable.Range(0, 50).Select(RunColours.For).ToList();
        Assert.Equal(50, fifty.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(fifty, Enumerable.Range(0, 50).Select(RunColours.For));
    }

    [Fact]
    public async Task Smoothing_draws_the_raw_line_faint_behind_the_smoothed_one()
    {
        await using var ui = new UiContext();
        ui.Cluster.With<IRunEventsGrain>(new FakeRunEvents(MetricNames.TrainLoss, 300));

        var raw = Chart(ui, MetricNames.TrainLoss, SmoothingKind.None, 0.9);
        var smooth = Chart(ui, MetricNames.TrainLoss, SmoothingKind.Ema, 0.9);

        raw.WaitForAssertion(() => Assert.Equal(3, raw.Instance.Traces.Count));
        smooth.WaitForAssertion(() => Assert.Equal(6, smooth.Instance.Traces.Count));
        var first = raw.Instance.Traces.Cast<Scatter>().First();
        var (behind, line) = (smooth.Instance.Traces.Cast<Scatter>().ElementAt(0), smooth.Instance.Traces.Cast<Scatter>().ElementAt(1));
        Assert.Equal(first.Y, behind.Y);                       // the raw values, unchanged
        Assert.True(behind.Opacity < 0.5m && behind.ShowLegend == false);
        Assert.Equal(first.Line.Color, line.Line.Color);
        Assert.NotEqual(first.Y, line.Y);
        Assert.Equal((double)first.Y[0]!, (double)line.Y[0]!, 9); // bias-corrected: the first point is not pulled to zero
        Assert.True((double)line.Y[10]! > (double)first.Y[10]!);  // a falling curve's average lags above it
    }

    [Fact]
    public void Ema_and_running_mean_smooth_as_documented_and_let_a_diverged_step_through()
    {
        double[] values = [1, 2, 3, 4, double.NaN, 5];

        var mean = Smoothing.Apply(values, SmoothingKind.RunningMean, 0.02); // a window of 3 points
        var ema = Smoothing.Apply(values, SmoothingKind.Ema, 0.5);

        Assert.Equal(3, Smoothing.Window(0.02));
        Assert.Equal([1, 1.5, 2, 3], mean[..4]);
        Assert.True(double.IsNaN(mean[4]));
        Assert.Equal(4, mean[5]); // 3, 4, 5: the NaN is not part of the window
        Assert.Equal(1, ema[0]);
        Assert.Equal((0.25 * 1 + 0.5 * 2) / 0.75, ema[1], 9);
        Assert.True(double.IsNaN(ema[4]) && double.IsFinite(ema[5]));
        Assert.Equal(values[..4], Smoothing.Apply(values, SmoothingKind.Ema, 0)[..4]);
    }

    [Fact]
    public async Task The_parameter_table_shows_only_what_differs_until_asked_for_all_and_marks_the_best()
    {
        await using var ui = new UiContext();
        RunDetails Run(string id, double lr, string dataset, double[] loss) => new()
        {
            Id = id, Spec = new RunSpec { Dataset = "mail", Training = new TrainingSettings { LearningRate = lr } }, Status = RunStatus.Completed, CreatedBy = "alice",
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Dataset = new DatasetVersionRef("mail", dataset, new string('a', 64)),
            Progress = new RunProgress().With(loss.Select((v, s) => new RunEvent { Type = RunEventTypes.Eval, Step = (s + 1) * 10, Values = new Dictionary<string, double> { [MetricNames.ValidationLoss] = v } })),
        };
        RunDetails[] details = [Run("run-a", 0.001, "v1", [3, 2, 1.5]), Run("run-b", 0.003, "v2", [2.5, 1.2, 1.4])];
        IReadOnlyList<CompareRun> runs = [CompareRun.Of(0, "run-a", null), CompareRun.Of(1, "run-b", null)];

        var table = ui.RenderWithProviders<ParameterDiff>(p => p.Add(t => t.Runs, runs).Add(t => t.Details, details)
            .Add(t => t.Summaries, [.. details.Select(d => d.Progress.Summaries)]).Add(t => t.Metrics, [MetricNames.ValidationLoss]));

        Assert.Equal(["dataset version", "training.learningRate"], table.FindAll("[data-testid=parameter-row]").Select(r => r.GetAttribute("data-name")));
        Assert.Equal(["0.001", "0.003"], table.FindAll("[data-testid=parameter-row][data-name='training.learningRate'] td").Skip(1).Select(c => c.TextContent.Trim()));
        // final: 1.5 against 1.4 (run-b best); best: 1.5 against 1.2 (run-b best).
        Assert.Equal(["false", "true"], table.FindAll("[data-testid=metric-row][data-name='validation/loss last'] td[data-best]").Select(c => c.GetAttribute("data-best")));
        Assert.Equal(["1.2"], table.FindAll("[data-testid=metric-row][data-name='validation/loss best'] td[data-best=true]").Select(c => c.TextContent.Trim()));

        await table.InvokeAsync(() => table.FindComponent<MudBlazor.MudSwitch<bool>>().Instance.ValueChanged.InvokeAsync(true));

        var all = table.FindAll("[data-testid=parameter-row]").Select(r => r.GetAttribute("data-name")).ToList();
        Assert.Contains("starting point", all);
        Assert.Contains("seed", all);
        Assert.True(all.Count > 10, string.Join(", ", all));
    }
}
