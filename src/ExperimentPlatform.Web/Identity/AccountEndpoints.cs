using System.Security.Claims;
using ExperimentPlatform.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Web.Identity;

/// <summary>
/// Browser sign-in and sign-out. Development: a name posted from the sign-in page becomes the session (loopback
/// only), and <see cref="AuthenticationSettings.DevelopmentUser"/> is signed in on a first visit. EntraId: OpenID
/// Connect. ContainerApps: the platform's own <c>/.auth</c> endpoints.
/// </summary>
public static class AccountEndpoints
{
    public const string AutomaticSignIn = "/account/signin";
    public const string SignOut = "/account/signout";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        account.MapGet("/signin", SignInAsync);
        account.MapPost("/signin", SignInAsAsync);
        account.MapPost("/signout", SignOutAsync);
        return app;
    }

    /// <summary>Where an unauthenticated page request lands: the development user's session, or the OpenID Connect sign-in, or the sign-in page.</summary>
    private static async Task<IResult> SignInAsync(HttpContext context, IOptions<AuthenticationSettings> options, DevelopmentNetworkCheck networks, string? returnUrl = null)
    {
        var settings = options.Value;
        var back = LocalOrHome(returnUrl);
        switch (settings.Mode)
        {
            case HeaderIdentityHandler.Development
                when settings.DevelopmentUser is { } user && !context.Request.Cookies.ContainsKey(PlatformSchemes.SignedOutCookieName)
                     && networks.Trusts(context.Connection.RemoteIpAddress):
                await SignInDevelopmentAsync(context, user);
                return Results.LocalRedirect(back);
            case "EntraId" when !string.IsNullOrWhiteSpace(settings.ClientId):
                return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [PlatformSchemes.EntraIdSignIn]);
            case HeaderIdentityHandler.ContainerApps:
                return Results.Redirect($"/.auth/login/aad?post_login_redirect_uri={Uri.EscapeDataString(back)}");
            default:
                return Results.LocalRedirect($"{PlatformSchemes.SignInPath}?returnUrl={Uri.EscapeDataString(back)}");
        }
    }

    /// <summary>Development: sign in as the posted name (any name; its roles come from the role store).</summary>
    private static async Task<IResult> SignInAsAsync(HttpContext context, IOptions<AuthenticationSettings> options, DevelopmentNetworkCheck networks,
        [FromForm] string? actor, [FromForm] string? returnUrl)
    {
        var back = LocalOrHome(returnUrl);
        string? problem = null;
        var name = actor?.Trim() ?? "";
        if (options.Value.Mode != HeaderIdentityHandler.Development)
            problem = $"signing in by name is for local development; this platform signs in with {options.Value.Mode}";
        else if (!networks.Trusts(context.Connection.RemoteIpAddress))
            problem = networks.Refusal(context.Connection.RemoteIpAddress);
        else if (!ActorName.IsValid(name))
            problem = $"a name {ActorName.Rule}";
        else if (ActorName.IsReserved(name))
            problem = $"'{name}' is reserved for the platform itself; sign in under your own name";
        if (problem is not null)
            return Results.LocalRedirect($"{PlatformSchemes.SignInPath}?returnUrl={Uri.EscapeDataString(back)}&error={Uri.EscapeDataString(problem)}");
        await SignInDevelopmentAsync(context, name);
        context.Response.Cookies.Delete(PlatformSchemes.SignedOutCookieName);
        return Results.LocalRedirect(back);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IOptions<AuthenticationSettings> options)
    {
        switch (options.Value.Mode)
        {
            case HeaderIdentityHandler.Development:
                await context.SignOutAsync(PlatformSchemes.DevelopmentCookie);
                // No automatic sign-in of the development user after this: the sign-in page shows.
                context.Response.Cookies.Append(PlatformSchemes.SignedOutCookieName, "1", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
                return Results.LocalRedirect(PlatformSchemes.SignInPath);
            case HeaderIdentityHandler.ContainerApps:
                return Results.Redirect("/.auth/logout");
            default:
                return Results.SignOut(new AuthenticationProperties { RedirectUri = PlatformSchemes.SignInPath },
                    [PlatformSchemes.EntraIdCookie, PlatformSchemes.EntraIdSignIn]);
        }
    }

    private static Task SignInDevelopmentAsync(HttpContext context, string actor) =>
        context.SignInAsync(PlatformSchemes.DevelopmentCookie,
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, actor)], PlatformSchemes.DevelopmentCookie)),
            new AuthenticationProperties { IsPersistent = true });

    /// <summary>A return address on this site only (no open redirect).</summary>
    private static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.StartsWith(AutomaticSignIn, StringComparison.OrdinalIgnoreCase) ? url : "/";
}
