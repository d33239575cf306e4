using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace ExperimentPlatform.Web.Identity;

public static class IdentityExtensions
{
    /// <summary>Authentication of HTTP callers by <see cref="AuthenticationSettings.Mode"/>; every API endpoint requires it.</summary>
    public static WebApplicationBuilder AddPlatformIdentity(this WebApplicationBuilder builder)
    {
        var settings = new AuthenticationSettings();
        builder.Configuration.GetSection(AuthenticationSettings.Section).Bind(settings);
        settings.ParseDevelopmentNetworks(); // a bad network stops the host at start, with its message
        builder.Services.Configure<AuthenticationSettings>(builder.Configuration.GetSection(AuthenticationSettings.Section));
        var authentication = builder.Services.AddAuthentication(settings.Mode);
        switch (settings.Mode)
        {
            case HeaderIdentityHandler.Development or HeaderIdentityHandler.ContainerApps:
                authentication.AddScheme<AuthenticationSchemeOptions, HeaderIdentityHandler>(settings.Mode, null);
                break;
            case "EntraId":
                if (string.IsNullOrWhiteSpace(settings.Authority) || string.IsNullOrWhiteSpace(settings.Audience))
                    throw new InvalidOperationException(
                        "Authentication:Mode is EntraId, which needs Authentication:Authority (https://login.microsoftonline.com/{tenant}/v2.0) and Authentication:Audience (the API's client id or application id URI)");
                authentication.AddJwtBearer("EntraId", o =>
                {
                    o.Authority = settings.Authority;
                    o.Audience = settings.Audience;
                    o.TokenValidationParameters.NameClaimType = settings.NameClaim;
                    o.MapInboundClaims = false;
                });
                break;
            default:
                throw new InvalidOperationException($"Authentication:Mode must be one of {string.Join(", ", AuthenticationSettings.Modes)}, not '{settings.Mode}'");
        }
        builder.Services.AddAuthorization();
        return builder;
    }
}
