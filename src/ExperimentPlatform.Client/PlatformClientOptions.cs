namespace ExperimentPlatform.Client;

/// <summary>
/// How the client reaches the platform (configuration section "ExperimentPlatform"). With <see cref="Gateways"/> set it
/// starts its own Orleans client connected to those silo gateways; without, it uses the host's
/// <see cref="Orleans.IClusterClient"/> (a web host that co-hosts a silo or configures its own clustering).
/// </summary>
public sealed class PlatformClientOptions
{
    public const string Section = "ExperimentPlatform";

    /// <summary>Silo gateway endpoints, <c>host:port</c> (the local platform: <c>127.0.0.1:30000</c>).</summary>
    public List<string> Gateways { get; set; } = [];

    public string ClusterId { get; set; } = "local";

    public string ServiceId { get; set; } = "experiment-platform";

    /// <summary>How long one call may take before it fails with <see cref="TimeoutException"/>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
