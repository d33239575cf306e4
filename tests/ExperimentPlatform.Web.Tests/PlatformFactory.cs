using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ExperimentPlatform.Web.Tests;

/// <summary>
/// The real web host (co-hosting its silo, as in local mode) against the test run's Azurite, with its own
/// cluster id, silo ports and blob container so it never meets another host's data.
/// </summary>
public class PlatformFactory : WebApplicationFactory<Program>
{
    public const long MaxSourceBytes = 1024 * 1024;
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    protected virtual bool ImportCatalog => false;

    /// <summary>Requests with this header come from that address; others from loopback (the test server sets none).</summary>
    public const string RemoteHeader = "X-Test-Remote-Address";

    public static string Storage =>
        Environment.GetEnvironmentVariable("EP_TEST_STORAGE") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("EP_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");

    public string Container => $"datasets-{_id}";

    /// <summary>The co-hosted worker's folder (dataset copies, run folders, token cache), removed afterwards.</summary>
    public string WorkerDirectory => Path.Combine(Path.GetTempPath(), $"ep-web-tests-{_id}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Storage", Storage);
        builder.UseSetting("Storage:DatasetContainer", Container);
        builder.UseSetting("Storage:DatasetTable", $"datasets{_id}");
        builder.UseSetting("Storage:RunContainer", $"runs-{_id}");
        builder.UseSetting("Storage:RunTable", $"runs{_id}");
        builder.UseSetting("Storage:ModelTable", $"models{_id}");
        builder.UseSetting("Storage:AccessTable", $"access{_id}");
        // appsettings.json makes every caller a Researcher; the tests' admin imports from paths, bob and carol approve.
        builder.UseSetting("Roles:Grants:0:Actor", "test:admin");
        builder.UseSetting("Roles:Grants:0:Roles:0", "Admin");
        builder.UseSetting("Roles:Grants:1:Actor", "bob");
        builder.UseSetting("Roles:Grants:1:Roles:0", "Approver");
        builder.UseSetting("Roles:Grants:2:Actor", "viewer");
        builder.UseSetting("Roles:Grants:2:Roles:0", "Viewer");
        // A network trusted like loopback for the development identity (docker-compose's bridge network, in tests).
        builder.UseSetting("Authentication:DevelopmentNetworks:0", "192.168.77.0/24");
        builder.UseSetting("Worker:Directory", WorkerDirectory);
        builder.UseSetting("Orleans:ClusterId", $"web-tests-{_id}");
        builder.UseSetting("Orleans:ServiceId", $"web-tests-{_id}");
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString());
        builder.UseSetting("Catalog:ImportOnStart", ImportCatalog.ToString());
        builder.UseSetting("Datasets:MaxSourceBytes", MaxSourceBytes.ToString());
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, RemoteAddressFilter>());
    }

    /// <summary>Gives test requests a remote address, as Kestrel would: loopback, or the one a test names.</summary>
    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.TryParse(context.Request.Headers[RemoteHeader], out var address) ? address : IPAddress.Loopback;
                return inner(context);
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await new BlobContainerClient(Storage, Container, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)).DeleteIfExistsAsync();
        if (Directory.Exists(WorkerDirectory))
            Directory.Delete(WorkerDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A host that imports the built-in catalog on start, as ./run.sh does.</summary>
public sealed class CatalogPlatformFactory : PlatformFactory
{
    protected override bool ImportCatalog => true;
}

/// <summary>A host told to import a catalog folder that lacks the package's <c>package.json</c> (what an image once shipped).</summary>
public sealed class BrokenCatalogPlatformFactory : PlatformFactory
{
    public string CatalogFolder { get; } = Directory.CreateTempSubdirectory("ep-broken-catalog-").FullName;

    protected override bool ImportCatalog => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Catalog:Path", CatalogFolder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(CatalogFolder, recursive: true);
    }
}
