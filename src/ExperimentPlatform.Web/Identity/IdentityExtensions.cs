using ExperimentPlatform.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

namespace ExperimentPlatform.Web.Identity;

public static class IdentityExtensions
{
    /// <summary>
    /// Authentication of HTTP callers and browsers by <see cref="AuthenticationSettings.Mode"/>; every API endpoint and
    /// page requires it. One policy scheme picks, per request, the header or bearer scheme API callers use or the
    /// cookie browsers sign in with.
    /// </summary>
    public static WebApplicationBuilder AddPlatformIdentity(this WebApplicationBuilder builder)
    {
        var settings = new AuthenticationSettings();
        builder.Configuration.GetSection(AuthenticationSettings.Section).Bind(settings);
        settings.ParseDevelopmentNetworks(); // a bad network stops the host at start, with its message
        if (settings.DevelopmentUser is { } user && (!ActorName.IsValid(user) || ActorName.IsReserved(user)))
            throw new InvalidOperationException($"Authentication:DevelopmentUser '{user}' {(ActorName.IsValid(user) ? "is reserved for the platform itself" : ActorName.Rule)}");
        builder.Services.Configure<AuthenticationSettings>(builder.Configuration.GetSection(AuthenticationSettings.Section));
        builder.Services.AddSingleton<DevelopmentNetworkCheck>();
        var authentication = builder.Services.AddAuthentication(PlatformSchemes.Platform);
        Func<HttpContext, string> select;
        switch (settings.Mode)
        {
            case HeaderIdentityHandler.Development:
                authentication.AddScheme<AuthenticationSchemeOptions, HeaderIdentityHandler>(HeaderIdentityHandler.Development, null);
                authentication.AddCookie(PlatformSchemes.DevelopmentCookie, DevelopmentCookie);
                select = context =>
                    context.Request.Headers.ContainsKey("X-Actor") ? HeaderIdentityHandler.Development
                    : context.Request.Cookies.ContainsKey(PlatformSchemes.DevelopmentCookieName) ? PlatformSchemes.DevelopmentCookie
                    : IsApi(context) ? HeaderIdentityHandler.Development // API callers without a header act as "anonymous", as before
                    : PlatformSchemes.DevelopmentCookie;
                break;
            case HeaderIdentityHandler.ContainerApps:
                authentication.AddScheme<AuthenticationSchemeOptions, HeaderIdentityHandler>(HeaderIdentityHandler.ContainerApps, null);
                select = _ => HeaderIdentityHandler.ContainerApps;
                break;
            case "EntraId":
                if (string.IsNullOrWhiteSpace(settings.Authority) || string.IsNullOrWhiteSpace(settings.Audience))
                    throw new InvalidOperationException(
                        "Authentication:Mode is EntraId, which needs Authentication:Authority (https://login.microsoftonline.com/{tenant}/v2.0) and Authentication:Audience (the API's client id or application id URI)");
                authentication.AddJwtBearer(PlatformSchemes.EntraIdBearer, o =>
                {
                    o.Authority = settings.Authority;
                    o.Audience = settings.Audience;
                    o.TokenValidationParameters.NameClaimType = settings.NameClaim;
                    o.MapInboundClaims = false;
                });
                var browsers = !string.IsNullOrWhiteSpace(settings.ClientId);
                if (browsers)
                    AddEntraIdSignIn(authentication, settings);
                select = context =>
                    !browsers || context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    || IsApi(context) && !context.Request.Cookies.Keys.Any(k => k.StartsWith(".AspNetCore." + PlatformSchemes.EntraIdCookie, StringComparison.Ordinal))
                        ? PlatformSchemes.EntraIdBearer
                        : PlatformSchemes.EntraIdSignIn; // authenticates with its session cookie, challenges with OpenID Connect
                break;
            default:
                throw new InvalidOperationException($"Authentication:Mode must be one of {string.Join(", ", AuthenticationSettings.Modes)}, not '{settings.Mode}'");
        }
        authentication.AddPolicyScheme(PlatformSchemes.Platform, "API callers and browsers", o => o.ForwardDefaultSelector = select);
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>The browser's session: loopback (or trusted networks) only, like the X-Actor header; an API call without it gets 401, a page the sign-in.</summary>
    private static void DevelopmentCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = PlatformSchemes.DevelopmentCookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.LoginPath = AccountEndpoints.AutomaticSignIn;
        o.AccessDeniedPath = PlatformSchemes.SignInPath;
        o.ExpireTimeSpan = TimeSpan.FromDays(7);
        o.SlidingExpiration = true;
        o.Events.OnValidatePrincipal = context =>
        {
            var networks = context.HttpContext.RequestServices.GetRequiredService<DevelopmentNetworkCheck>();
            if (!networks.Trusts(context.HttpContext.Connection.RemoteIpAddress))
                context.RejectPrincipal();
            return Task.CompletedTask;
        };
        o.Events.OnRedirectToLogin = context =>
        {
            if (IsApi(context.HttpContext))
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            else
                context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
    }

    private static void AddEntraIdSignIn(AuthenticationBuilder authentication, AuthenticationSettings settings)
    {
        authentication.AddMicrosoftIdentityWebApp(o =>
        {
            o.Instance = settings.Instance;
            o.TenantId = settings.Tenant();
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            if (string.IsNullOrWhiteSpace(settings.ClientSecret))
                o.ResponseType = "id_token"; // sign-in only; no secret to redeem a code with
            o.MapInboundClaims = false;
            o.TokenValidationParameters.NameClaimType = settings.NameClaim;
        }, cookie => cookie.ExpireTimeSpan = TimeSpan.FromHours(8), openIdConnectScheme: PlatformSchemes.EntraIdSignIn, cookieScheme: PlatformSchemes.EntraIdCookie);
    }
}
