using ExperimentPlatform.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Cli.Cluster;

/// <summary>An Orleans client connected to the platform's gateways, for the cluster commands.</summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>The local platform's gateway (what ./run.sh starts).</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<PlatformClient>();
    }

    public PlatformClient Client { get; }

    public static async Task<ClusterConnection> OpenAsync(string gateways, string clusterId, string serviceId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            [$"{PlatformClientOptions.Section}:ClusterId"] = clusterId,
            [$"{PlatformClientOptions.Section}:ServiceId"] = serviceId,
        };
        var list = gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < list.Length; i++)
            settings[$"{PlatformClientOptions.Section}:Gateways:{i}"] = list[i];
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddExperimentPlatformClient(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new InvalidOperationException(
                $"cannot reach the platform at {gateways} ({e.GetBaseException().Message}); is it running? (./run.sh starts it; --cluster names another)");
        }
        return new ClusterConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(5));
        _host.Dispose();
    }
}
