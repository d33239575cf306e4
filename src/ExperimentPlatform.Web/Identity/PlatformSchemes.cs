namespace ExperimentPlatform.Web.Identity;

/// <summary>The authentication schemes of the web host, by name.</summary>
public static class PlatformSchemes
{
    /// <summary>The default: a policy scheme that picks one of the others per request.</summary>
    public const string Platform = "Platform";

    /// <summary>Development: browsers signed in on the sign-in page.</summary>
    public const string DevelopmentCookie = "DevelopmentCookie";

    /// <summary>EntraId: browsers signed in with OpenID Connect (session cookie, and the challenge).</summary>
    public const string EntraIdCookie = "EntraIdCookie";
    public const string EntraIdSignIn = "EntraIdSignIn";

    /// <summary>EntraId: API callers with a bearer token.</summary>
    public const string EntraIdBearer = "EntraId";

    /// <summary>The name of the development sign-in cookie, and of the marker that a browser signed out (no automatic sign-in then).</summary>
    public const string DevelopmentCookieName = "ep.signin";
    public const string SignedOutCookieName = "ep.signedout";

    public const string SignInPath = "/signin";
}
