using Bunit;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Components.Shared;
using ExperimentPlatform.Web.Services;

namespace ExperimentPlatform.Web.Tests.Ui;

public sealed class LaunchFormTests
{
    private static UiContext Context(FakeLaunchCheck check)
    {
        var ui = new UiContext();
        ui.Cluster.With<ILaunchCheckGrain>(check).With<IDatasetRegistryGrain>(new FakeDatasetRegistry([])).With<IRunIndexGrain>(new FakeRunIndex([]));
        return ui;
    }

    [Fact]
    public async Task A_preset_fills_kind_starting_point_and_training_values()
    {
        var check = new FakeLaunchCheck();
        await using var ui = Context(check);
        var model = new LaunchModel();
        var form = ui.RenderWithProviders<LaunchForm>(p => p.Add(f => f.Model, model));

        await form.Find("[data-testid=preset-classify]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        form.WaitForAssertion(() =>
        {
            Assert.Equal((RunKind.Classify, StartKind.Model, 600, 128, TrainableScope.All), (model.Kind, model.Start, model.Steps, model.MaxLength, model.Trainable));
            Assert.Contains("classify (a class head)", form.Find("[data-testid=field-kind]").OuterHtml + form.Markup);
            Assert.NotEmpty(form.FindAll("[data-testid=field-start-model]"));
        });
        form.WaitForAssertion(() => Assert.Equal(RunKind.Classify, check.Checked.Last().Kind), TimeSpan.FromSeconds(3)); // and the form asked the platform about it
    }

    [Fact]
    public async Task Every_problem_the_platform_names_shows_at_its_field_at_once()
    {
        var check = new FakeLaunchCheck(_ => new LaunchCheck
        {
            Problems =
            [
                new RunSpecProblem("training.learningRate", "must be a finite number above 0, got -1"),
                new RunSpecProblem("experiment", "'a b' may hold only letters"),
                new RunSpecProblem("model.width", "48 is not divisible by 5 heads"),
            ],
        });
        await using var ui = Context(check);
        var form = ui.RenderWithProviders<LaunchForm>(p => p.Add(f => f.Model, new LaunchModel()));

        form.WaitForAssertion(() =>
        {
            var errors = form.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).ToList();
            Assert.Contains("must be a finite number above 0, got -1", errors); // in the advanced panel, which opened by itself
            Assert.Contains("'a b' may hold only letters", errors);
            Assert.Equal("model.width: 48 is not divisible by 5 heads", form.Find("[data-testid=unbound-problem]").TextContent.Trim());
            Assert.Equal("3 problems to fix, shown at their fields.", form.Find("[data-testid=check-problems]").TextContent.Trim());
        });
    }

    [Fact]
    public async Task An_accepted_spec_shows_its_estimate()
    {
        var check = new FakeLaunchCheck(_ => new LaunchCheck
        {
            Estimate = new LaunchEstimate
            {
                TokensPerStep = 1024, TotalTokens = 204_800, RecordsPerStep = 8, TrainTokens = 1_000_000, TrainRecords = 120, Epochs = 0.2048,
                TokensPerSecond = 4000, BasedOnRuns = 3, Duration = TimeSpan.FromSeconds(51.2), Basis = "median throughput of 3 completed pretrain runs of tiny on cpu",
            },
        });
        await using var ui = Context(check);
        var form = ui.RenderWithProviders<LaunchForm>(p => p.Add(f => f.Model, new LaunchModel()));

        form.WaitForAssertion(() =>
        {
            var estimate = form.Find("[data-testid=estimate]").TextContent;
            Assert.Contains("1,024", estimate);
            Assert.Contains("204,800", estimate);
            Assert.Contains("0.2", estimate);
            Assert.Contains("about 51.2 s", estimate);
            Assert.Contains("median throughput of 3 completed pretrain runs of tiny on cpu", estimate);
            Assert.Equal("The platform would accept this run.", form.Find("[data-testid=check-ok]").TextContent.Trim());
        });
    }
}
