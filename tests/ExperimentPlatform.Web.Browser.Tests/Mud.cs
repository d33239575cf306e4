using Microsoft.Playwright;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>How a person uses MudBlazor's inputs, in Playwright terms: type into a field, pick from a select, answer a dialog.</summary>
public static class Mud
{
    /// <summary>Types into the input of the field marked <c>data-testid</c> and leaves it (MudBlazor takes the value on change).</summary>
    public static async Task FillAsync(IPage page, string testId, string text)
    {
        // MudTextField puts the attribute on its input (a textarea when it has several lines); MudNumericField on a wrapper around it.
        var input = page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    /// <summary>Opens the select marked <c>data-testid</c> and clicks the option with exactly this text.</summary>
    public static async Task SelectAsync(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid={testId}]").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden });
    }

    /// <summary>
    /// Chooses a file in the file input marked <c>data-testid</c>, once Blazor's InputFile has hooked it up (it does so
    /// after its first render: a file chosen before that is not seen).
    /// </summary>
    public static async Task ChooseFileAsync(IPage page, string testId, FilePayload file)
    {
        await page.WaitForFunctionAsync($"() => document.querySelector('[data-testid={testId}]')?._blazorInputFileNextFileId !== undefined");
        await page.SetInputFilesAsync($"[data-testid={testId}]", file);
    }

    /// <summary>Renders every part of the page that waits to be scrolled into view (compare's lower sections), top to bottom.</summary>
    public static async Task RevealAllAsync(IPage page)
    {
        var frames = page.Locator("[data-testid=when-visible]");
        await frames.First.WaitForAsync(); // the page has its data
        for (var i = 0; i < await frames.CountAsync(); i++)
        {
            await frames.Nth(i).ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(frames.Nth(i)).ToHaveAttributeAsync("data-visible", "true");
        }
    }

    /// <summary>Clicks a button of the open dialog (a confirmation).</summary>
    public static Task ConfirmAsync(IPage page, string button) =>
        page.Locator(".mud-dialog .mud-dialog-actions button").GetByText(button, new LocatorGetByTextOptions { Exact = true }).ClickAsync();

    /// <summary>The error text MudBlazor shows under the field marked <c>data-testid</c>.</summary>
    public static ILocator ErrorOf(IPage page, string testId) =>
        page.Locator($".mud-input-control:has([data-testid={testId}]) .mud-input-helper-text.mud-input-error").First;

    /// <summary>How many points the first curve of the chart of <paramref name="metric"/> has, as Plotly holds them in the page.</summary>
    public static Task<int> PlottedPointsAsync(IPage page, string metric) =>
        page.EvaluateAsync<int>(
            "m => { const frame = [...document.querySelectorAll('[data-testid=metric-chart]')].find(f => f.dataset.metrics.split(',')[0] === m);" +
            " const plot = frame && frame.querySelector('.js-plotly-plot'); return plot && plot.data && plot.data[0] ? plot.data[0].x.length : 0; }", metric);
}
