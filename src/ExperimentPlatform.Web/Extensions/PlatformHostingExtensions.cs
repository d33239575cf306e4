using ExperimentPlatform.Client;
using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Hosting;
using ExperimentPlatform.Hosting.Health;
using ExperimentPlatform.Hosting.Telemetry;
using ExperimentPlatform.Grains.Storage;
using Orleans.Configuration;

namespace ExperimentPlatform.Web.Extensions;

public static class PlatformHostingExtensions
{
    /// <summary>
    /// <c>Platform:Mode</c> = <c>local</c> (default): this process co-hosts a silo, so one process is a whole
    /// platform. <c>cluster</c>: it joins an existing cluster as an Orleans client.
    /// </summary>
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var storage = new PlatformStorage(PlatformStorage.ReadOptions(configuration));
        var mode = configuration.GetValue("Platform:Mode", "local");
        switch (mode)
        {
            case "local":
                builder.UseOrleans(silo => silo.UsePlatform(configuration));
                break;
            case "cluster":
                var cluster = ClusterSettings.Read(configuration);
                builder.UseOrleansClient(client =>
                {
                    client.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = cluster.ClusterId;
                        o.ServiceId = cluster.ServiceId;
                    });
                    client.UseAzureStorageClustering(o => o.TableServiceClient = storage.Tables);
                    client.AddActivityPropagation();
                    client.UseClusterTls(configuration);
                });
                break;
            default:
                throw new InvalidOperationException($"Platform:Mode must be 'local' or 'cluster', not '{mode}'");
        }
        builder.Services.AddPlatformDatasetServices(configuration, storage);
        builder.Services.AddExperimentPlatformClient(configuration);
        if (configuration.GetValue("Catalog:ImportOnStart", true))
            builder.Services.AddHostedService<CatalogImporter>();
        builder.Services.AddPlatformHealthChecks(silo: mode == "local");
        builder.Services.AddPlatformTelemetry(configuration, "experiment-platform-web");
        builder.Services.AddPlatformStop();
        return builder;
    }
}
