namespace ExperimentPlatform.Hosting;

/// <summary>Identity and endpoints of the cluster (configuration section "Orleans").</summary>
public sealed class ClusterSettings
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "local";
    public string ServiceId { get; set; } = "experiment-platform";

    /// <summary>
    /// Address other silos and clients reach this silo at. Locally 127.0.0.1; <c>auto</c> (containers): this host's first
    /// IPv4 address that is not loopback.
    /// </summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>Listen on all interfaces (containers) instead of the advertised address only.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary><see cref="AdvertisedIP"/> as an address, <c>auto</c> resolved; a precise message when it is neither.</summary>
    public System.Net.IPAddress ResolveAdvertisedIP()
    {
        if (AdvertisedIP == "auto")
            return System.Net.Dns.GetHostAddresses(System.Net.Dns.GetHostName())
                       .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a))
                   ?? throw new InvalidOperationException($"Orleans:AdvertisedIP is auto, but host '{System.Net.Dns.GetHostName()}' has no IPv4 address other than loopback");
        return System.Net.IPAddress.TryParse(AdvertisedIP, out var address)
            ? address
            : throw new InvalidOperationException($"Orleans:AdvertisedIP '{AdvertisedIP}' is not an IP address (or auto)");
    }

    public static ClusterSettings Read(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var settings = new ClusterSettings();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(Section), settings);
        return settings;
    }
}
