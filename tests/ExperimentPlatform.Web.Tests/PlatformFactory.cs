using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
        builder.UseSetting("Worker:Directory", WorkerDirectory);
        builder.UseSetting("Orleans:ClusterId", $"web-tests-{_id}");
        builder.UseSetting("Orleans:ServiceId", $"web-tests-{_id}");
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString());
        builder.UseSetting("Catalog:ImportOnStart", ImportCatalog.ToString());
        builder.UseSetting("Datasets:MaxSourceBytes", MaxSourceBytes.ToString());
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
