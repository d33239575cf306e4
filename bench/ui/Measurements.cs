using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;
using Microsoft.Playwright;

namespace ExperimentPlatform.Bench.Ui;

/// <summary>The issue's measurements, each against its goal, written as a markdown line per figure.</summary>
internal sealed class Measurements(Browser browser, RunsClient runs, IClusterClient cluster, int webPid)
{
    private static void Report(string what, List<double> ms, double goalMs) =>
        Console.WriteLine($"| {what} | {Percentiles.Of(ms, 50):F0} ms | {Percentiles.Of(ms, 95):F0} ms | {ms.Max():F0} ms | {ms.Count} | < {goalMs:N0} ms (p95) | {(Percentiles.Of(ms, 95) < goalMs ? "met" : "**not met**")} |");

    /// <summary>The runs page, first render with data: a new tab until the first row's link is there, 20 times.</summary>
    public async Task RunsPageAsync()
    {
        await using var context = await browser.ContextAsync();
        await Browser.TimeLoadAsync(context, "/runs", p => p.Locator("[data-testid=run-link]").First.WaitForAsync()); // warm-up
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
            times.Add(await Browser.TimeLoadAsync(context, "/runs", p => p.Locator("[data-testid=run-link]").First.WaitForAsync()));
        Report("runs page: first render with data (new tab)", times, 1000);
    }

    /// <summary>On an open runs page: sort by a metric aggregate, and filter by status, from the click on the option until the grid shows the right first row.</summary>
    public async Task SortAndFilterAsync()
    {
        await using var context = await browser.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/runs");
        await page.Locator("[data-testid=run-link]").First.WaitForAsync();
        var sorts = new List<double>();
        var filters = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var metric = i % 2 == 0 ? MetricNames.ValidationLoss : "validation/accuracy";
            var expected = (await runs.ListAsync(new RunQuery { Sort = RunSorts.Metric, Metric = metric, Aggregate = MetricAggregate.Best, PageSize = 1 })).Runs[0].Id;
            sorts.Add(await ChooseAsync(page, "sort-by", metric, expected));
            var status = i % 2 == 0 ? RunStatus.Failed : RunStatus.Cancelled;
            var query = new RunQuery { Status = status, Sort = RunSorts.Metric, Metric = metric, Aggregate = MetricAggregate.Best, PageSize = 1 };
            filters.Add(await ChooseAsync(page, "filter-status", status.ToString().ToLowerInvariant(), (await runs.ListAsync(query)).Runs[0].Id));
            await page.GotoAsync("/runs");
            await page.Locator("[data-testid=run-link]").First.WaitForAsync();
        }
        Report("runs page: sort by a metric's best value (10,000 runs)", sorts, 500);
        Report("runs page: filter by status", filters, 500);
    }

    private static async Task<double> ChooseAsync(IPage page, string select, string option, string expectedFirst)
    {
        await page.Locator($"[data-testid={select}]").First.ClickAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new LocatorGetByTextOptions { Exact = true });
        await item.WaitForAsync();
        var clock = Stopwatch.StartNew();
        await item.ClickAsync();
        await page.WaitForFunctionAsync("id => document.querySelector('[data-testid=run-link]')?.getAttribute('href') === '/runs/' + id", expectedFirst,
            new PageWaitForFunctionOptions { PollingInterval = 10 });
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The run page of a 100,000-step run: a new tab until the loss curve is drawn (its overview points in Plotly), 10 times.</summary>
    public async Task LongRunPageAsync(string id)
    {
        await using var context = await browser.ContextAsync();
        Task Drawn(IPage p) => p.WaitForFunctionAsync($"m => ({Browser.CurveScript})(m)[0] >= 1000", MetricNames.TrainLoss, new PageWaitForFunctionOptions { PollingInterval = 10 });
        await Browser.TimeLoadAsync(context, $"/runs/{id}", Drawn);
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
            times.Add(await Browser.TimeLoadAsync(context, $"/runs/{id}", Drawn));
        Report("run page of a 100,000-step run: curves drawn (new tab)", times, 1500);
    }

    /// <summary>
    /// Compare of <paramref name="ids"/>: a new tab until the charts in view are drawn with every run's curve (Plotly holds
    /// them), 10 times; then the tab's JavaScript heap with those charts, and after scrolling every chart into view.
    /// </summary>
    public async Task CompareAsync(IReadOnlyList<string> ids, string what, double goalMs)
    {
        await using var context = await browser.ContextAsync();
        var path = $"/compare?runs={string.Join(",", ids)}";
        const string InView =
            "n => { const charts = [...document.querySelectorAll('[data-testid=compare-chart]')].filter(c => c.getBoundingClientRect().top < window.innerHeight);" +
            " return charts.length > 0 && charts.every(c => { const p = c.querySelector('.js-plotly-plot'); return p && p.data && p.data.filter(t => t.showlegend !== false).length === n && c.querySelector('.main-svg'); }); }";
        Task Drawn(IPage p) => p.WaitForFunctionAsync(InView, ids.Count, new PageWaitForFunctionOptions { PollingInterval = 10 });
        await Browser.TimeLoadAsync(context, path, Drawn); // warm-up: the run logs activate
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
            times.Add(await Browser.TimeLoadAsync(context, path, Drawn));
        Report(what, times, goalMs);

        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Drawn(page);
        var inView = await HeapMiBAsync(page);
        var charts = await page.Locator("[data-testid=compare-chart]").CountAsync();
        for (var i = 0; i < charts; i++)
            await page.Locator("[data-testid=compare-chart]").Nth(i).ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=compare-chart]')].every(c => c.dataset.state === 'drawn')");
        await page.WaitForTimeoutAsync(1000);
        Console.WriteLine($"|   tab's JS heap, {ids.Count} runs: {inView:F1} MiB with the charts in view drawn; {await HeapMiBAsync(page):F1} MiB with all {charts} charts drawn | | | | | | |");
        await page.CloseAsync();
    }

    /// <summary>Chromium's used JavaScript heap of the tab, after a collection (CDP), in MiB.</summary>
    private static async Task<double> HeapMiBAsync(IPage page)
    {
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("HeapProfiler.collectGarbage");
        var usage = await session.SendAsync("Runtime.getHeapUsage");
        return usage!.Value.GetProperty("usedSize").GetDouble() / (1024 * 1024);
    }

    /// <summary>Compare's side-by-side answers: one email classified by every run's latest checkpoint, from the click until all answered, 10 times after a warm-up.</summary>
    public async Task SideBySideAsync(IReadOnlyList<string> ids, double goalMs)
    {
        await using var context = await browser.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/compare?runs={string.Join(",", ids)}");
        // The answers sit below the fold and render when scrolled to.
        var frames = page.Locator("[data-testid=when-visible]");
        await frames.First.WaitForAsync();
        for (var i = 0; i < await frames.CountAsync(); i++)
            await frames.Nth(i).ScrollIntoViewIfNeededAsync();
        var text = page.Locator("textarea[data-testid=side-text]");
        var times = new List<double>();
        for (var i = 0; i <= 10; i++)
        {
            await text.FillAsync($"win a free prize now, offer {i}");
            await text.PressAsync("Tab");
            var clock = Stopwatch.StartNew();
            await page.ClickAsync("[data-testid=side-ask]");
            await page.WaitForFunctionAsync("n => document.querySelectorAll('[data-testid=side-answer][data-state=answered]').length === n && !document.querySelector('[data-testid=side-answer][data-state=waiting]')",
                ids.Count, new PageWaitForFunctionOptions { PollingInterval = 10, Timeout = 120_000 });
            if (i > 0) // the first asks load every checkpoint on the worker
                times.Add(clock.Elapsed.TotalMilliseconds);
            else
                Console.WriteLine($"|   side by side, first ask (loads {ids.Count} checkpoints on the worker): {clock.Elapsed.TotalMilliseconds:F0} ms | | | | | | |");
        }
        Report($"compare: side-by-side answers from {ids.Count} runs (tiny classifiers, CPU, warm)", times, goalMs);
    }

    /// <summary>A step written to a running run's log (as the run grain writes a worker's report) until it is plotted on its open page, 60 times.</summary>
    public async Task LiveStepAsync(string id)
    {
        await using var context = await browser.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/runs/{id}");
        await page.WaitForFunctionAsync($"m => ({Browser.CurveScript})(m)[0] >= 1", MetricNames.TrainLoss);
        var log = cluster.GetGrain<IRunEventsGrain>(id);
        var step = (int)(await runs.GetLatestAsync(id))[MetricNames.TrainLoss].Step;
        var delays = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            step++;
            var clock = Stopwatch.StartNew();
            await log.AppendAsync([Seed.Step(step)]);
            await page.WaitForFunctionAsync($"s => ({Browser.CurveScript})('{MetricNames.TrainLoss}')[1] >= s", step, new PageWaitForFunctionOptions { PollingInterval = 10 });
            delays.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(Random.Shared.Next(300, 700));
        }
        Report("a reported step appears on an open run page", delays, 1000);
    }

    /// <summary>
    /// Pages open at once, each on its own live run: one step a second into every run for a minute; each page notes when
    /// it plots each step. Also the web host's resident memory before and with the pages open.
    /// </summary>
    public async Task ManyPagesAsync(IReadOnlyList<string> ids, int seconds)
    {
        var before = ResidentMiB();
        var contexts = new List<IBrowserContext>();
        var pages = new List<IPage>();
        var heapHalf = 0.0;
        foreach (var id in ids)
        {
            if (pages.Count == ids.Count / 2)
                heapHalf = await LiveHeapMiBAsync(); // per circuit: what the second half of the pages adds
            var context = await browser.ContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/runs/{id}");
            await page.WaitForFunctionAsync($"m => ({Browser.CurveScript})(m)[0] >= 1", MetricNames.TrainLoss);
            // The page notes (step, time) whenever its loss curve gains a step: a mutation observer on the chart's point
            // count, so the measuring costs the pages nothing between updates.
            await page.EvaluateAsync($"() => {{ window.__seen = []; const read = () => ({Browser.CurveScript})('{MetricNames.TrainLoss}')[1]; let last = read();" +
                " const frame = [...document.querySelectorAll('[data-testid=metric-chart]')].find(f => f.dataset.metrics.split(',')[0] === '" + MetricNames.TrainLoss + "');" +
                " new MutationObserver(() => { const now = Date.now(); const s = read(); if (s > last) { for (let k = last + 1; k <= s; k++) window.__seen.push([k, now]); last = s; } })" +
                ".observe(frame, { attributes: true, attributeFilter: ['data-points'] }); }");
            contexts.Add(context);
            pages.Add(page);
        }
        var opened = ResidentMiB();
        var heapOpened = await LiveHeapMiBAsync(); // right away: the longer the wait, the more unrelated grains deactivate
        var emitted = new ConcurrentDictionary<(int Run, int Step), long>();
        var steps = await Task.WhenAll(ids.Select(async id => (int)(await runs.GetLatestAsync(id))[MetricNames.TrainLoss].Step));
        for (var second = 0; second < seconds; second++)
        {
            var tick = Task.Delay(1000);
            await Task.WhenAll(ids.Select(async (id, r) =>
            {
                var step = ++steps[r];
                emitted[(r, step)] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await cluster.GetGrain<IRunEventsGrain>(id).AppendAsync([Seed.Step(step)]);
            }));
            await tick;
        }
        await Task.Delay(3000);
        var during = ResidentMiB();
        var heapDuring = await LiveHeapMiBAsync();
        var delays = new List<double>();
        var missing = 0;
        for (var r = 0; r < pages.Count; r++)
        {
            var seen = JsonSerializer.Deserialize<long[][]>(await pages[r].EvaluateAsync<string>("() => JSON.stringify(window.__seen)"))!;
            var byStep = seen.ToDictionary(s => (int)s[0], s => s[1]);
            foreach (var ((run, step), at) in emitted.Where(e => e.Key.Run == r))
            {
                if (byStep.TryGetValue(step, out var shown))
                    delays.Add(shown - at);
                else
                    missing++;
            }
        }
        Report($"{ids.Count} pages open, one live run each: update delay", delays, 2000);
        Console.WriteLine();
        Console.WriteLine($"steps not shown by the end: {missing} of {emitted.Count}");
        var added = ids.Count - ids.Count / 2;
        Console.WriteLine($"web host live managed heap (after a full collection, dotnet-gcdump): {heapHalf:F1} MiB with {ids.Count / 2} pages open, {heapOpened:F1} MiB with {ids.Count}" +
            $" → {(heapOpened - heapHalf) / added:F2} MiB per circuit; {heapDuring:F1} MiB after a minute of updates");
        Console.WriteLine($"web host resident memory: {before:F0} MiB before, {opened:F0} MiB with the pages open, {during:F0} MiB after the minute (the resident set keeps what the GC has not returned, so it says little per circuit)");
        foreach (var context in contexts)
            await context.CloseAsync();
    }

    /// <summary>The web host's live managed heap: dotnet-gcdump (EP_GCDUMP) forces a full collection and counts what survives.</summary>
    private async Task<double> LiveHeapMiBAsync()
    {
        var tool = Environment.GetEnvironmentVariable("EP_GCDUMP") ?? "dotnet-gcdump";
        var file = Path.Combine(Path.GetTempPath(), $"ep-bench-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunAsync(tool, $"collect -p {webPid} -o {file}");
            var report = await RunAsync(tool, $"report {file}");
            var line = report.Split('\n').First(l => l.Contains("GC Heap bytes", StringComparison.Ordinal));
            return double.Parse(line.Trim().Split(' ')[0].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) / (1024 * 1024);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} {arguments} failed: {await process.StandardError.ReadToEndAsync()}");
    }

    private double ResidentMiB()
    {
        var status = File.ReadAllLines($"/proc/{webPid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
