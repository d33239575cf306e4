using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>Every page, checked with axe in the browser: no serious or critical violation; and its screenshot kept.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserPlatform platform)
{
    [Fact]
    public async Task No_page_has_a_serious_or_critical_accessibility_violation()
    {
        var dataset = await Fixtures.TextDatasetAsync(platform, "axe");
        var run = await Fixtures.CompletedRunAsync(platform, dataset, "axe");
        var page = await platform.SignedInPageAsync(BrowserPlatform.Admin);
        var pages = new (string Path, string Ready, string? Shot)[]
        {
            ("/", "h1", null),
            ("/datasets", "[data-testid=datasets-grid] a", "datasets"),
            ($"/datasets/{dataset}", "[data-testid=record-row]", null),
            ("/runs/new", "[data-testid=estimate]", null),
            ("/runs", "[data-testid=run-link]", null),
            ($"/runs/{run.Id}", "[data-testid=metric-chart] .main-svg", null),
            ("/cluster", "[data-testid=silo-row]", "cluster"),
        };
        var problems = new List<string>();
        foreach (var (path, ready, shot) in pages)
        {
            await page.GotoAsync(path);
            await page.Locator(ready).First.WaitForAsync();
            var result = await page.RunAxe();
            problems.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
            if (shot is not null)
                await platform.ScreenshotAsync(page, shot);
        }
        var signIn = await platform.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = platform.BaseUrl });
        await signIn.GotoAsync("/signin");
        problems.AddRange((await signIn.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"/signin: {v.Impact} {v.Id} ({v.Help})"));
        await signIn.CloseAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.Context.CloseAsync();
    }
}
