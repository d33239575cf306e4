using Microsoft.Playwright;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>When the page's connection to the server drops, a banner says so; when it comes back, the page works again.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectTests(BrowserPlatform platform)
{
    [Fact]
    public async Task A_dropped_connection_shows_the_banner_and_the_page_works_after_it_reconnects()
    {
        var page = await platform.SignedInPageAsync(BrowserPlatform.Admin);
        // The page's circuit connection goes through the test: it can cut it, and refuse new ones while "the network is down".
        var down = false;
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync("**/_blazor**", socket =>
        {
            if (down)
            {
                _ = socket.CloseAsync();
                return;
            }
            socket.ConnectToServer();
            lock (sockets)
                sockets.Add(socket);
        });
        await page.GotoAsync("/runs");
        await page.GetByTestId("runs-grid").WaitForAsync();
        var banner = page.Locator("#components-reconnect-modal .ep-reconnecting");

        down = true;
        IWebSocketRoute[] open;
        lock (sockets)
            open = [.. sockets];
        foreach (var socket in open)
            await socket.CloseAsync();
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(banner).ToContainTextAsync("Reconnecting");
        down = false;
        await Assertions.Expect(banner).ToBeHiddenAsync(new() { Timeout = 60_000 });

        // The same circuit answers again: a filter typed now reaches the server and changes the address.
        await page.Locator("input[data-testid=runs-search]").FillAsync("no-such-run");
        await page.WaitForURLAsync("**/runs?q=no-such-run");
        await Assertions.Expect(page.GetByTestId("empty-state")).ToContainTextAsync("No run matches these filters");
        await page.Context.CloseAsync();
    }
}
