namespace ExperimentPlatform.Grains.Hosting;

/// <summary>Identity and endpoints of the cluster (configuration section "Orleans").</summary>
public sealed class ClusterSettings
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "local";
    public string ServiceId { get; set; } = "experiment-platform";

    /// <summary>Address other silos and clients reach this silo at. Locally 127.0.0.1.</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>Listen on all interfaces (containers) instead of the advertised address only.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    public static ClusterSettings Read(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var settings = new ClusterSettings();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(Section), settings);
        return settings;
    }
}
