using Bunit;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Components.Shared;
using ExperimentPlatform.Web.Services;

namespace ExperimentPlatform.Web.Tests.Ui;

public sealed class RunsGridTests
{
    /// <summary>Three runs whose validation losses make last, min and max order them differently.</summary>
    private static IReadOnlyList<RunSummary> Runs()
    {
        double[][] curves = [[3.0, 1.0, 2.5], [2.0, 1.5, 1.6], [4.0, 2.0, 0.9]];
        return [.. curves.Select((curve, i) =>
        {
            var run = new RunDetails
            {
                Id = $"run-{i}", Spec = new RunSpec { Dataset = "mail", Experiment = "grid", Name = $"run {i}", Description = i == 1 ? "the warm start" : "" },
                Status = RunStatus.Completed, CreatedBy = "alice", CreatedAt = DateTimeOffset.UtcNow.AddMinutes(i), UpdatedAt = DateTimeOffset.UtcNow,
                Dataset = new DatasetVersionRef("mail", "v1", new string('0', 64)),
                Progress = new RunProgress().With(curve.Select((v, s) => new RunEvent { Type = RunEventTypes.Eval, Step = (s + 1) * 10, Values = new Dictionary<string, double> { ["validation/loss"] = v } })),
            };
            return RunSummary.Of(run);
        })];
    }

    private static IRenderedComponent<RunsGrid> Render(UiContext ui, RunsGridState state, Action<RunsGridState>? changed = null) =>
        ui.RenderWithProviders<RunsGrid>(p => p.Add(g => g.State, state).Add(g => g.StateChanged, s => changed?.Invoke(s)));

    [Theory]
    [InlineData(MetricAggregate.Last, "run 2,run 1,run 0", "0.9,1.6,2.5")]
    [InlineData(MetricAggregate.Best, "run 2,run 0,run 1", "0.9,1,1.5")]
    [InlineData(MetricAggregate.Max, "run 1,run 0,run 2", "2,3,4")]
    public async Task Sorting_by_a_metric_aggregate_orders_the_rows_and_the_column_shows_that_value(MetricAggregate aggregate, string order, string values)
    {
        await using var ui = new UiContext();
        var index = new FakeRunIndex(Runs());
        ui.Cluster.With<IRunIndexGrain>(index);

        var grid = Render(ui, new RunsGridState { SortMetric = "validation/loss", Aggregate = aggregate, Columns = [new MetricColumn("validation/loss", aggregate)] });

        grid.WaitForAssertion(() =>
        {
            Assert.Equal(order, string.Join(",", grid.FindAll("[data-testid=run-link]").Select(a => a.TextContent.Trim())));
            Assert.Equal(values, string.Join(",", grid.FindAll("[data-testid=metric-cell]").Select(c => c.TextContent.Trim())));
        });
        var query = index.Queries.Last(q => q.Sort == RunSorts.Metric);
        Assert.Equal(("validation/loss", aggregate), (query.Metric, query.Aggregate)); // sorted on the server, not in the page
    }

    [Fact]
    public async Task A_search_asks_the_page_to_write_it_into_the_address_from_page_one()
    {
        await using var ui = new UiContext();
        ui.Cluster.With<IRunIndexGrain>(new FakeRunIndex(Runs()));
        var asked = new List<RunsGridState>();
        var grid = Render(ui, new RunsGridState { Page = 2 }, asked.Add);
        grid.WaitForAssertion(() => Assert.NotEmpty(grid.FindAll("[data-testid=runs-search]")));

        // The field's own typing and debounce are MudBlazor's (the browser tests type into it); here, what the grid does with the value.
        var search = grid.FindComponents<MudBlazor.MudTextField<string>>().Single(f => f.Instance.UserAttributes.ContainsValue("runs-search"));
        await grid.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("warm"));

        grid.WaitForAssertion(() => Assert.Contains(asked, s => s is { Search: "warm", Page: 0 }), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task The_grid_says_no_run_matches_when_the_filters_find_none()
    {
        await using var ui = new UiContext();
        ui.Cluster.With<IRunIndexGrain>(new FakeRunIndex(Runs()));

        var grid = Render(ui, new RunsGridState { Search = "nothing like it" });

        grid.WaitForAssertion(() => Assert.Contains("No run matches these filters", grid.Find("[data-testid=empty-state]").TextContent));
    }
}
