using System.Text.Json;
using ExperimentPlatform.Access;
using ExperimentPlatform.Client;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>What the pages say when the platform refuses: a bad file, a bad spec, a role that may not.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RefusalTests(BrowserPlatform platform)
{
    [Fact]
    public async Task A_bad_upload_shows_the_file_line_and_reason_next_to_the_upload_and_stores_nothing()
    {
        var page = await platform.SignedInPageAsync(BrowserPlatform.Researcher);
        var name = Samples.NewName("badmail");
        await page.GotoAsync("/datasets");
        await page.ClickAsync("[data-testid=upload-dataset]");
        await Mud.ChooseFileAsync(page, "file-input", new FilePayload { Name = "mail.csv", MimeType = "text/csv", Buffer = Samples.CsvMissingLabel() });
        await Assertions.Expect(page.GetByTestId("drop-zone")).ToContainTextAsync("mail.csv");
        await Mud.FillAsync(page, "dataset-name", name);
        await page.ClickAsync("[data-testid=upload-submit]");

        var refusal = page.GetByTestId("upload-refused");
        await Assertions.Expect(refusal).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("refused-where")).ToHaveTextAsync("mail.csv, line 3");
        await Assertions.Expect(page.GetByTestId("refused-why")).ToHaveTextAsync("row has 1 fields but the header has 2");
        await Assertions.Expect(refusal).ToContainTextAsync("nothing was stored");
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => platform.Services.GetRequiredService<DatasetsClient>().GetAsync(name));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_bad_launch_shows_every_problem_at_its_field_and_creates_no_run()
    {
        var dataset = await Fixtures.TextDatasetAsync(platform);
        var experiment = Samples.NewName("refused");
        var page = await platform.SignedInPageAsync(BrowserPlatform.Researcher);
        await page.GotoAsync($"/runs/new?dataset={dataset}@v1");
        await Mud.FillAsync(page, "field-experiment", "not a name!");
        await page.ClickAsync("[data-testid=advanced]");
        await Mud.FillAsync(page, "field-lr", "-1");
        await Mud.FillAsync(page, "field-batch", "0");

        await Assertions.Expect(page.GetByTestId("check-problems")).ToHaveTextAsync("3 problems to fix, shown at their fields.");
        await Assertions.Expect(Mud.ErrorOf(page, "field-lr")).ToContainTextAsync("must be a finite number above 0, got -1");
        await Assertions.Expect(Mud.ErrorOf(page, "field-batch")).ToContainTextAsync("must be at least 1, got 0");
        await Assertions.Expect(Mud.ErrorOf(page, "field-experiment")).ToContainTextAsync("may hold only");
        await page.ClickAsync("[data-testid=launch]");
        await Assertions.Expect(page.GetByTestId("check-problems")).ToBeVisibleAsync();
        Assert.EndsWith("/runs/new?dataset=" + dataset + "@v1", Uri.UnescapeDataString(page.Url));
        var runs = await platform.Services.GetRequiredService<RunsClient>().ListAsync(new RunQuery { Dataset = dataset });
        Assert.Equal(0, runs.Total);
        await platform.ScreenshotAsync(page, "launch-refused");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_sees_launch_disabled_with_the_role_it_needs_and_a_forced_launch_is_refused()
    {
        var dataset = await Fixtures.TextDatasetAsync(platform);
        var page = await platform.SignedInPageAsync(BrowserPlatform.Viewer);
        await page.GotoAsync($"/runs/new?dataset={dataset}@v1");

        var launch = page.GetByTestId("launch");
        await Assertions.Expect(launch).ToBeDisabledAsync();
        await page.Locator("[data-testid=role-gate]:has([data-testid=launch])").HoverAsync();
        await Assertions.Expect(page.GetByText("You need the Researcher role (or Admin) to launch runs; you hold Viewer.")).ToBeVisibleAsync();

        // Forcing the call with the viewer's own session, past the disabled button: the platform refuses it.
        var spec = JsonSerializer.Serialize(new { dataset, tokenizer = "bytes", training = new { steps = 5 } });
        var forced = await page.APIRequest.PostAsync("/api/runs", new APIRequestContextOptions { Data = spec, Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" } });
        Assert.Equal(403, forced.Status);
        Assert.Contains("e2e-viewer may not launch runs: that needs the Researcher role", await forced.TextAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            platform.Services.GetRequiredService<RunsClient>().LaunchAsync(new RunSpec { Dataset = dataset, Tokenizer = "bytes" }, BrowserPlatform.Viewer));
        await page.Context.CloseAsync();
    }
}
