using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Services;

namespace ExperimentPlatform.Web.Tests.Ui;

/// <summary>What a link to the runs grid or the launch form carries: the same grid, the same spec.</summary>
public sealed class AddressStateTests
{
    private static RunsGridState RoundTrip(RunsGridState state) =>
        RunsGridState.FromQueryString(state.ToQueryString().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => (string?)Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_grid_state_survives_its_address()
    {
        var state = new RunsGridState
        {
            Search = "warm start", Status = RunStatus.Running, Kind = RunKind.Classify, Experiment = "spam", Tag = "baseline", Dataset = "mail@v2",
            StartModel = "foundation@v3", CreatedBy = "alice", SortMetric = "validation/accuracy", Aggregate = MetricAggregate.Max, Reverse = true,
            Columns = [new MetricColumn("validation/accuracy", MetricAggregate.Max), new MetricColumn("train/loss", MetricAggregate.Last)], Page = 3, PageSize = 100,
        };

        var back = RoundTrip(state);

        Assert.Equal(state with { Columns = back.Columns }, back);
        Assert.Equal(state.Columns, back.Columns);
        Assert.DoesNotContain(RoundTrip(new RunsGridState()).ToQueryString(), p => p.Value is not null); // defaults leave the address clean
        Assert.Empty(RoundTrip(new RunsGridState { Columns = [] }).Columns); // no columns is a choice, not the default
    }

    [Fact]
    public void An_address_with_values_that_name_nothing_falls_back_to_defaults_instead_of_failing()
    {
        var state = RunsGridState.FromQueryString(new Dictionary<string, string?> { ["status"] = "sleeping", ["agg"] = "median", ["page"] = "-4", ["size"] = "100000", ["cols"] = ":last,," });

        Assert.Equal((null, MetricAggregate.Best, 0, RunsGridState.DefaultPageSize), (state.Status, state.Aggregate, state.Page, state.PageSize));
        Assert.Empty(state.Columns);
    }

    [Fact]
    public void The_launch_form_fills_from_a_spec_and_gives_it_back_with_what_it_has_no_field_for()
    {
        var spec = new RunSpec
        {
            Kind = RunKind.Classify, Dataset = "mail@v1", Start = new StartingPoint { Model = "foundation@production" }, Tokenizer = TokenizerNames.Bytes,
            Model = new ModelShape { Config = "tiny", Dropout = 0.1 }, Seed = 7, Tags = ["a", "b"], Experiment = "spam", Description = "again",
            Training = new TrainingSettings { Steps = 90, LearningRate = 2e-4, Threads = 2, BalanceClasses = true, Trainable = TrainableScope.Head },
            Checkpoints = new CheckpointPolicy { EverySteps = 30, KeepBestBy = "validation/accuracy", EveryMinutes = 5 },
            Resources = new ResourceRequest { Accelerator = "cpu", Slots = 2 }, Priority = 3,
        };

        var back = LaunchModel.From(spec).ToSpec();

        Assert.Equal(RunJson(spec), RunJson(back)); // dropout, threads, balanced classes, minutes: kept although the form has no field for them
    }

    private static string RunJson(RunSpec spec) => System.Text.Json.JsonSerializer.Serialize(spec, ExperimentPlatform.Runs.RunJson.Options);
}
