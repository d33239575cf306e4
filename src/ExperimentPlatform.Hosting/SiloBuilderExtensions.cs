using ExperimentPlatform.Client.Security;
using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace ExperimentPlatform.Hosting;

/// <summary>The platform's silo builder: one silo of the cluster, configured from configuration.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>
    /// Configures a platform silo from configuration: clustering, grain state and reminders in Azure Table
    /// storage, silo metadata (role, accelerator, slots), membership timing (section Orleans:Membership), and
    /// the services grains use.
    /// </summary>
    public static ISiloBuilder UsePlatform(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = ClusterSettings.Read(configuration);
        var storage = new PlatformStorage(PlatformStorage.ReadOptions(configuration));
        var role = new SiloRoleOptions();
        configuration.GetSection(SiloRoleOptions.Section).Bind(role);

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.ConfigureEndpoints(cluster.ResolveAdvertisedIP(), cluster.SiloPort, cluster.GatewayPort,
            cluster.ListenOnAnyHostAddress);
        silo.UseAzureStorageClustering(o => o.TableServiceClient = storage.Tables);
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSettings.Section));
        silo.AddPlatformGrainServices(configuration, storage);
        silo.UseSiloMetadata(role.ToMetadata());
        // Grain calls carry the caller's trace (W3C trace context), so a request's trace spans the silos it touches.
        silo.AddActivityPropagation();
        if (ClusterTls.FromConfiguration(configuration) is { } tls)
            silo.UseTls(tls.Certificate, tls.Configure);
        return silo;
    }
}
