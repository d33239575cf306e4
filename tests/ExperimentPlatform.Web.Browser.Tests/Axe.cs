using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>axe in the page as it stands: its serious and critical violations, named by page.</summary>
public static class Axe
{
    public static async Task<IEnumerable<string>> SeriousAsync(IPage page, string name) =>
        (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
}
