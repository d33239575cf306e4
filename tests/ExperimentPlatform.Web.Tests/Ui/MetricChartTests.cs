using Bunit;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Components.Shared;

namespace ExperimentPlatform.Web.Tests.Ui;

public sealed class MetricChartTests
{
    [Fact]
    public async Task A_long_curve_is_drawn_downsampled_for_the_chart_and_says_so()
    {
        await using var ui = new UiContext();
        ui.Cluster.With<IRunEventsGrain>(new FakeRunEvents(MetricNames.TrainLoss, 100_000));

        var chart = ui.Render<MetricChart>(p => p.Add(c => c.RunId, "run-1").Add(c => c.Metrics, [MetricNames.TrainLoss]).Add(c => c.Title, "Loss"));

        chart.WaitForAssertion(() => Assert.Equal($"{MetricChart.OverviewPoints:N0} of 100,000 points (downsampled; zoom in for full resolution)",
            chart.Find("[data-testid=chart-resolution]").TextContent.Trim()));
        Assert.Equal(MetricChart.OverviewPoints.ToString(System.Globalization.CultureInfo.InvariantCulture), chart.Find("[data-testid=metric-chart]").GetAttribute("data-points"));
    }

    [Fact]
    public async Task Live_points_extend_the_curve_without_repeating_steps_it_has()
    {
        await using var ui = new UiContext();
        ui.Cluster.With<IRunEventsGrain>(new FakeRunEvents(MetricNames.TrainLoss, 10));
        var chart = ui.Render<MetricChart>(p => p.Add(c => c.RunId, "run-1").Add(c => c.Metrics, [MetricNames.TrainLoss]).Add(c => c.Title, "Loss").Add(c => c.Live, true));
        chart.WaitForAssertion(() => Assert.Equal("10", chart.Find("[data-testid=metric-chart]").GetAttribute("data-points")));

        // Steps 9 and 10 were read with the series; 11 and 12 are new.
        RunEvent Step(int step) => new() { Type = RunEventTypes.Step, Step = step, Values = new Dictionary<string, double> { [MetricNames.TrainLoss] = 1.0 / step } };
        await chart.InvokeAsync(() => chart.Instance.AppendAsync([Step(9), Step(10), Step(11), Step(12)]));

        chart.WaitForAssertion(() => Assert.Equal("12", chart.Find("[data-testid=metric-chart]").GetAttribute("data-points")));
        Assert.Equal("12 points", chart.Find("[data-testid=chart-resolution]").TextContent.Trim());
        Assert.Contains(ui.JSInterop.Invocations, i => i.Identifier.Contains("extendTraces", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_run_without_the_metric_says_it_has_none_instead_of_an_empty_frame()
    {
        await using var ui = new UiContext();
        ui.Cluster.With<IRunEventsGrain>(new FakeRunEvents(MetricNames.TrainLoss, 10));

        var chart = ui.Render<MetricChart>(p => p.Add(c => c.RunId, "run-1").Add(c => c.Metrics, ["validation/accuracy"]).Add(c => c.Title, "Accuracy"));

        chart.WaitForAssertion(() => Assert.Equal("This run reported no such metric.", chart.Find("[data-testid=chart-empty]").TextContent.Trim()));
    }
}
