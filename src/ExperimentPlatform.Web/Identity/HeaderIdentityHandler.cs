using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Web.Identity;

/// <summary>
/// A caller named by a header: <c>X-Actor</c> from loopback only (<see cref="Development"/>), or the principal name that
/// Azure Container Apps authentication forwards (<see cref="ContainerApps"/>). The platform's own identities
/// (<c>platform</c>, <c>system:…</c>) are never accepted from a caller.
/// </summary>
public sealed class HeaderIdentityHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DevelopmentNetworkCheck networks)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Development = "Development";
    public const string ContainerApps = "ContainerApps";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string actor;
        if (Scheme.Name == Development)
        {
            var remote = Context.Connection.RemoteIpAddress;
            if (!networks.Trusts(remote))
                return Task.FromResult(AuthenticateResult.Fail(networks.Refusal(remote).Replace("development identity", "development identity (X-Actor)", StringComparison.Ordinal)));
            actor = Request.Headers["X-Actor"].ToString().Trim() is { Length: > 0 } named ? named : "anonymous";
        }
        else
        {
            actor = Request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].ToString().Trim();
            if (actor.Length == 0)
                return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (ExperimentPlatform.Access.ActorName.IsReserved(actor))
            return Task.FromResult(AuthenticateResult.Fail($"'{actor}' is reserved for the platform itself; callers act under their own names"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, actor)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    /// <summary>A 401 that says why (plain text), not only a bare status.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsync(result.Failure?.Message ?? (Scheme.Name == ContainerApps
            ? "sign in: no X-MS-CLIENT-PRINCIPAL-NAME (Container Apps authentication) on the request"
            : "sign in"));
    }
}
