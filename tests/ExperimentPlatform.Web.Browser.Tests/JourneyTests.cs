using System.Text.RegularExpressions;
using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>The everyday loop in a real browser: sign in, upload text, launch a tiny pretraining from the preset, watch it, pause, resume, find it in the grid.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JourneyTests(BrowserPlatform platform)
{
    [Fact]
    public async Task Upload_launch_watch_pause_resume_and_find_the_run_in_the_grid()
    {
        var page = await platform.SignedInPageAsync(BrowserPlatform.Researcher);
        var dataset = Samples.NewName("whales");
        var experiment = Samples.NewName("journey");

        // Upload a small text corpus by the file picker.
        await page.GotoAsync("/datasets");
        await page.ClickAsync("[data-testid=upload-dataset]");
        await Mud.ChooseFileAsync(page, "file-input", new FilePayload { Name = "corpus.jsonl", MimeType = "application/jsonl", Buffer = Samples.Corpus() });
        await Assertions.Expect(page.GetByTestId("drop-zone")).ToContainTextAsync("corpus.jsonl");
        await Mud.FillAsync(page, "dataset-name", dataset);
        await page.ClickAsync("[data-testid=upload-submit]");
        await page.WaitForURLAsync($"**/datasets/{dataset}");
        await Assertions.Expect(page.GetByTestId("figure").Filter(new LocatorFilterOptions { HasText = "records" }).First).ToContainTextAsync("300");
        await page.GetByTestId("record-row").First.WaitForAsync();
        await platform.ScreenshotAsync(page, "dataset");

        // Launch a tiny pretraining from the preset: bytes tokenizer, 60 steps of batch 4.
        await page.GotoAsync($"/runs/new?dataset={dataset}@v1");
        await page.ClickAsync("[data-testid=preset-pretrain]");
        await Mud.SelectAsync(page, "field-tokenizer", "bytes");
        await Mud.FillAsync(page, "field-steps", "60");
        await Mud.FillAsync(page, "field-experiment", experiment);
        await page.ClickAsync("[data-testid=advanced]");
        await Mud.FillAsync(page, "field-batch", "4");
        await Mud.FillAsync(page, "field-eval-interval", "20");
        await Mud.FillAsync(page, "field-checkpoint-every", "20");
        await Assertions.Expect(page.GetByTestId("check-ok")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("estimate")).ToContainTextAsync("tokens in all");
        await platform.ScreenshotAsync(page, "launch");
        await page.ClickAsync("[data-testid=launch]");
        await page.WaitForURLAsync(new Regex("/runs/run-"));
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        // The overview lists it while it runs.
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("active-run").Filter(new LocatorFilterOptions { HasText = id })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await platform.ScreenshotAsync(page, "overview");

        // The loss curve moves on the open page.
        await page.GotoAsync($"/runs/{id}");
        await Assertions.Expect(page.GetByTestId("run-status").Locator("[data-status=running]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Wait.UntilAsync(async () => await Mud.PlottedPointsAsync(page, MetricNames.TrainLoss) >= 3, "the loss curve has its first points");
        var before = await Mud.PlottedPointsAsync(page, MetricNames.TrainLoss);
        await Wait.UntilAsync(async () => await Mud.PlottedPointsAsync(page, MetricNames.TrainLoss) > before, $"the loss curve grows beyond {before} points");

        // Pause, then resume; it completes.
        await page.ClickAsync("[data-testid=pause]");
        await Mud.ConfirmAsync(page, "Pause");
        await Assertions.Expect(page.GetByTestId("run-status").Locator("[data-status=paused]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.ClickAsync("[data-testid=resume]");
        await Assertions.Expect(page.GetByTestId("run-status").Locator("[data-status=completed]")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        Assert.True(await Mud.PlottedPointsAsync(page, MetricNames.TrainLoss) >= 50, "the curve holds the run's steps after pause and resume");
        await platform.ScreenshotAsync(page, "run");

        // The grid shows it, with its final loss as a metric column.
        var run = await platform.Services.GetRequiredService<RunsClient>().GetAsync(id);
        await page.GotoAsync($"/runs?experiment={experiment}&cols=train/loss:last,validation/loss:best");
        var row = page.Locator(".mud-table-row", new PageLocatorOptions { Has = page.Locator($"a[href='/runs/{id}']") });
        await Assertions.Expect(row.Locator("[data-metric='train/loss:last']")).ToHaveTextAsync(Formats.Metric(run.Progress.Latest[MetricNames.TrainLoss]));
        await Assertions.Expect(row.Locator("[data-status=completed]")).ToBeVisibleAsync();
        await platform.ScreenshotAsync(page, "runs");
        await page.Context.CloseAsync();
    }
}
