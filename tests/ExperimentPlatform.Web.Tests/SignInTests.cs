using System.Net;
using System.Text.RegularExpressions;
using ExperimentPlatform.Web.Identity;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ExperimentPlatform.Web.Tests;

/// <summary>How a browser signs in: the development sign-in page (loopback only), the development user on a first visit, Entra ID.</summary>
public sealed partial class SignInTests(SignInTests.Factory factory) : IClassFixture<SignInTests.Factory>
{
    public sealed class Factory : PlatformFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Roles:Default:0", "Viewer");
        }
    }

    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in on the sign-in page's form, as a person would (its antiforgery token included).</summary>
    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string actor, string? from = null)
    {
        var page = await browser.GetStringAsync("/signin?returnUrl=%2Fruns");
        var token = Token().Match(page).Groups[1].Value;
        using var form = new HttpRequestMessage(HttpMethod.Post, AccountEndpoints.AutomaticSignIn)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["actor"] = actor, ["returnUrl"] = "/runs", ["__RequestVerificationToken"] = token }),
        };
        if (from is not null)
            form.Headers.Add(PlatformFactory.RemoteHeader, from);
        return await browser.SendAsync(form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Fact]
    public async Task A_page_without_a_session_leads_to_the_sign_in_page_and_signing_in_there_opens_it()
    {
        var browser = Browser();
        var page = await browser.GetAsync("/runs");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var signIn = await browser.GetAsync(page.Headers.Location);
        Assert.Equal("/signin?returnUrl=%2Fruns", signIn.Headers.Location!.ToString());
        Assert.Contains("People with granted roles", await browser.GetStringAsync("/signin"));

        var signedIn = await PostSignInAsync(browser, "bob");
        Assert.Equal(("/runs"), signedIn.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/runs")).StatusCode);
    }

    [Fact]
    public async Task The_session_is_the_actor_of_the_api_calls_the_browser_makes_and_its_roles_apply()
    {
        var browser = Browser();
        await PostSignInAsync(browser, "vera"); // a Viewer: the default here
        var upload = await browser.PostAsync("/api/datasets/notes/versions?version=v1&kind=text&fileName=n.txt", new StringContent("some text"));

        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Contains("vera may not create dataset versions: that needs the Researcher role", await upload.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signing_in_by_name_works_only_from_loopback_and_never_as_the_platform()
    {
        var remote = await PostSignInAsync(Browser(), "mallory", from: "10.1.2.3");
        Assert.Contains("accepted%20only%20from%20loopback", remote.Headers.Location!.ToString());
        var reserved = await PostSignInAsync(Browser(), "platform");
        Assert.Contains("reserved%20for%20the%20platform", reserved.Headers.Location!.ToString());
        Assert.DoesNotContain(reserved.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith(PlatformSchemes.DevelopmentCookieName, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_development_user_is_signed_in_on_a_first_visit_and_not_again_after_signing_out()
    {
        await using var withUser = factory.WithWebHostBuilder(b => b.UseSetting("Authentication:DevelopmentUser", "devon"));
        var browser = withUser.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var first = await browser.GetAsync("/account/signin?returnUrl=%2Fdatasets");
        Assert.Equal("/datasets", first.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/datasets")).StatusCode);

        var page = await browser.GetStringAsync("/signin");
        Assert.Contains("You are signed in as <b>devon</b>", page);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, AccountEndpoints.SignOut)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value }),
        };
        Assert.Equal("/signin", (await browser.SendAsync(signOut)).Headers.Location!.ToString());
        var again = await browser.GetAsync("/account/signin?returnUrl=%2F");
        Assert.Equal("/signin?returnUrl=%2F", again.Headers.Location!.ToString()); // the sign-in page, not devon again
    }

    [Fact]
    public async Task With_entra_id_a_page_challenges_with_openid_connect_while_the_api_still_wants_a_bearer_token()
    {
        await using var entra = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Authentication:Mode", "EntraId");
            b.UseSetting("Authentication:Authority", "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0");
            b.UseSetting("Authentication:Audience", "api://experiment-platform");
            b.UseSetting("Authentication:ClientId", "11111111-1111-1111-1111-111111111111");
            // No network here: the provider's metadata is given instead of fetched.
            var metadata = new OpenIdConnectConfiguration
            {
                AuthorizationEndpoint = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/authorize",
                Issuer = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
            };
            b.ConfigureTestServices(s => s.PostConfigure<OpenIdConnectOptions>(PlatformSchemes.EntraIdSignIn, o =>
            {
                o.Configuration = metadata;
                o.ConfigurationManager = new Microsoft.IdentityModel.Protocols.StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
            }));
        });
        var browser = entra.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var signIn = await browser.GetAsync("/account/signin?returnUrl=%2Fruns");
        var location = signIn.Headers.Location?.ToString() ?? throw new Xunit.Sdk.XunitException($"no redirect: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync()}");
        Assert.StartsWith("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/authorize?", location);
        Assert.Contains("client_id=11111111-1111-1111-1111-111111111111", location);
        var api = await browser.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains("Bearer", api.Headers.WwwAuthenticate.ToString());
    }
}
