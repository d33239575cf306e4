using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>
/// The real web host on Kestrel (a real port: a browser needs a real server), co-hosting its silo and one CPU worker
/// slot, against the test run's Azurite with its own cluster id and storage names; and one Chromium (Debian's, which
/// .ci/run installs) that every test of the project shares, each test in its own browser context.
/// </summary>
public sealed class BrowserPlatform : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Admin = "e2e-admin";
    public const string Researcher = "e2e-researcher";
    public const string Viewer = "e2e-viewer";

    /// <summary>Two approvers who also research: one asks for a promotion, the other approves it.</summary>
    public const string Approver = "e2e-approver";
    public const string SecondApprover = "e2e-approver2";

    private readonly string _id = Guid.NewGuid().ToString("N")[..12];
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public string WorkerDirectory => Path.Combine(Path.GetTempPath(), $"ep-browser-tests-{_id}");

    /// <summary>Where page screenshots go: <c>EP_SCREENSHOTS</c> (docs/screenshots when refreshing them), else the test output.</summary>
    public static string Screenshots { get; } = Environment.GetEnvironmentVariable("EP_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static string Storage =>
        Environment.GetEnvironmentVariable("EP_TEST_STORAGE") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("EP_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Storage", Storage);
        builder.UseSetting("Storage:DatasetContainer", $"datasets-{_id}");
        builder.UseSetting("Storage:DatasetTable", $"datasets{_id}");
        builder.UseSetting("Storage:RunContainer", $"runs-{_id}");
        builder.UseSetting("Storage:RunTable", $"runs{_id}");
        builder.UseSetting("Storage:ModelTable", $"models{_id}");
        builder.UseSetting("Storage:AccessTable", $"access{_id}");
        builder.UseSetting("Roles:Default:0", "Viewer");
        builder.UseSetting("Roles:Grants:0:Actor", Admin);
        builder.UseSetting("Roles:Grants:0:Roles:0", "Admin");
        builder.UseSetting("Roles:Grants:1:Actor", Researcher);
        builder.UseSetting("Roles:Grants:1:Roles:0", "Researcher");
        builder.UseSetting("Roles:Grants:2:Actor", Viewer);
        builder.UseSetting("Roles:Grants:2:Roles:0", "Viewer");
        builder.UseSetting("Roles:Grants:3:Actor", Approver);
        builder.UseSetting("Roles:Grants:3:Roles:0", "Researcher");
        builder.UseSetting("Roles:Grants:3:Roles:1", "Approver");
        builder.UseSetting("Roles:Grants:4:Actor", SecondApprover);
        builder.UseSetting("Roles:Grants:4:Roles:0", "Researcher");
        builder.UseSetting("Roles:Grants:4:Roles:1", "Approver");
        builder.UseSetting("Worker:Directory", WorkerDirectory);
        builder.UseSetting("Orleans:ClusterId", $"browser-tests-{_id}");
        builder.UseSetting("Orleans:ServiceId", $"browser-tests-{_id}");
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString());
        builder.UseSetting("Catalog:ImportOnStart", "false");
        // The stop deadline ends the process (a container's, here the test runner's) 50 s after a stop began. A closed
        // tab's circuit whose disposal hangs inside Plotly.Blazor or MudBlazor holds the HTTP server's stop for the whole
        // 45 s shutdown timeout (docs/ui.md), so the stop can come close to it; the runner must report, not vanish.
        builder.UseSetting("Host:StopDeadlineSeconds", "120");
    }

    public async Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("EP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A fresh browser context (its own cookies) with a page signed in as <paramref name="actor"/> on the sign-in page.</summary>
    public async Task<IPage> SignedInPageAsync(string actor)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#actor", actor);
        await page.ClickAsync("form:has(#actor) button[type=submit]");
        await page.WaitForURLAsync($"{BaseUrl}/");
        await page.Locator("h1", new PageLocatorOptions { HasText = "Overview" }).WaitForAsync();
        return page;
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)"); // a full-page shot of a scrolled page repeats the fixed app bar
        await page.WaitForTimeoutAsync(300); // let charts finish their transition
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        var options = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        await new BlobContainerClient(Storage, $"datasets-{_id}", options).DeleteIfExistsAsync();
        await new BlobContainerClient(Storage, $"runs-{_id}", options).DeleteIfExistsAsync();
        if (Directory.Exists(WorkerDirectory))
            Directory.Delete(WorkerDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
