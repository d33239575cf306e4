namespace ExperimentPlatform.Web.Identity;

/// <summary>
/// Configuration section <c>Authentication</c>: how the HTTP API knows who calls.
/// <c>Development</c>: the <c>X-Actor</c> header, accepted only from loopback (local development); browsers sign in on
/// the sign-in page (a cookie, loopback only), and <see cref="DevelopmentUser"/> is signed in on a first visit.
/// <c>EntraId</c>: a bearer token from Microsoft Entra ID (<see cref="Authority"/>, <see cref="Audience"/>); browsers
/// sign in with OpenID Connect when <see cref="ClientId"/> is set.
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

    /// <summary>Development: who a browser is signed in as on its first visit (<c>./run.sh</c> sets <c>$USER</c>); none: the sign-in page.</summary>
    public string? DevelopmentUser { get; set; }

    /// <summary>EntraId: the web app's client id (app registration), for browser sign-in with OpenID Connect; none: browsers cannot sign in.</summary>
    public string? ClientId { get; set; }

    /// <summary>EntraId: the tenant (id or domain) browsers sign in to; default: the one in <see cref="Authority"/>.</summary>
    public string? TenantId { get; set; }

    /// <summary>EntraId: the sign-in instance (default <c>https://login.microsoftonline.com/</c>).</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>
    /// EntraId: the app registration's client secret, from a secret store (Container Apps secret, Key Vault), never from
    /// the repository. Without one, sign-in asks for an ID token only (the app registration must allow ID tokens).
    /// </summary>
    public string? ClientSecret { get; set; }

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

    /// <summary>The tenant browsers sign in to: <see cref="TenantId"/>, or the path segment of <see cref="Authority"/> after the host.</summary>
    public string? Tenant() =>
        TenantId ?? (Uri.TryCreate(Authority, UriKind.Absolute, out var authority) ? authority.Segments.ElementAtOrDefault(1)?.Trim('/') : null);
}
