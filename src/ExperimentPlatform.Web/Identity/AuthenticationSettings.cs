namespace ExperimentPlatform.Web.Identity;

/// <summary>
/// Configuration section <c>Authentication</c>: how the HTTP API knows who calls.
/// <c>Development</c>: the <c>X-Actor</c> header, accepted only from loopback (local development).
/// <c>EntraId</c>: a bearer token from Microsoft Entra ID (<see cref="Authority"/>, <see cref="Audience"/>).
/// <c>ContainerApps</c>: the <c>X-MS-CLIENT-PRINCIPAL-NAME</c> header that Azure Container Apps authentication sets
/// (and strips from incoming requests), for browser sign-in in front of the web host.
/// </summary>
public sealed class AuthenticationSettings
{
    public const string Section = "Authentication";

    public static readonly string[] Modes = ["Development", "EntraId", "ContainerApps"];

    public string Mode { get; set; } = "EntraId";

    /// <summary>EntraId: the token issuer, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>EntraId: the API's application id URI or client id, which tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>EntraId: the claim that names the caller (default <c>preferred_username</c>).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>
    /// Development: networks (CIDR, e.g. <c>172.16.0.0/12</c>) trusted like loopback. For docker-compose, whose published
    /// port reaches the container from the bridge network's gateway; compose publishes it on the host's loopback only.
    /// </summary>
    public List<string> DevelopmentNetworks { get; set; } = [];

    /// <summary><see cref="DevelopmentNetworks"/> parsed; a precise message for one that is not a CIDR network.</summary>
    public IReadOnlyList<System.Net.IPNetwork> ParseDevelopmentNetworks() =>
    [
        .. DevelopmentNetworks.Select((text, i) => System.Net.IPNetwork.TryParse(text, out var network)
            ? network
            : throw new InvalidOperationException($"Authentication:DevelopmentNetworks:{i} '{text}' is not a network in CIDR notation (e.g. 172.16.0.0/12)")),
    ];
}
