using System.Diagnostics;
using Microsoft.Playwright;

namespace ExperimentPlatform.Bench.Ui;

/// <summary>Debian's Chromium driven by Playwright, signed in as the development user the host signs in on a first visit.</summary>
internal sealed class Browser(IBrowser browser, string baseUrl) : IAsyncDisposable
{
    /// <summary>How many points the first curve of the chart of <c>m</c> has and its last step, as Plotly holds them.</summary>
    public const string CurveScript =
        "m => { const f = [...document.querySelectorAll('[data-testid=metric-chart]')].find(f => f.dataset.metrics.split(',')[0] === m);" +
        " const p = f && f.querySelector('.js-plotly-plot'); const t = p && p.data && p.data[0]; return t ? [t.x.length, t.x.length ? t.x[t.x.length - 1] : 0] : [0, 0]; }";

    public static async Task<Browser> LaunchAsync(string baseUrl)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("EP_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
        });
        return new Browser(browser, baseUrl);
    }

    /// <summary>A signed-in context (the first visit signs the development user in; that visit is not measured).</summary>
    public async Task<IBrowserContext> ContextAsync()
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("h1").First.WaitForAsync();
        await page.CloseAsync();
        return context;
    }

    /// <summary>Milliseconds from asking for <paramref name="path"/> in a new tab until <paramref name="ready"/> holds in it.</summary>
    public static async Task<double> TimeLoadAsync(IBrowserContext context, string path, Func<IPage, Task> ready)
    {
        var page = await context.NewPageAsync();
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await ready(page);
        var ms = clock.Elapsed.TotalMilliseconds;
        await page.CloseAsync();
        return ms;
    }

    public async ValueTask DisposeAsync() => await browser.CloseAsync();
}
