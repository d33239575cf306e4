using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace ExperimentPlatform.Web.Tests;

/// <summary>With Entra ID, a caller needs a bearer token: a claimed X-Actor counts for nothing.</summary>
public sealed class EntraIdTests(EntraIdTests.Factory factory) : IClassFixture<EntraIdTests.Factory>
{
    public sealed class Factory : PlatformFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Authentication:Mode", "EntraId");
            builder.UseSetting("Authentication:Authority", "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0");
            builder.UseSetting("Authentication:Audience", "api://experiment-platform");
        }
    }

    [Fact]
    public async Task A_caller_without_a_bearer_token_is_refused_whatever_x_actor_says()
    {
        var http = factory.CreateClient();
        using var claimed = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        claimed.Headers.Add("X-Actor", "alice");
        var refused = await http.SendAsync(claimed);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Bearer", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }
}
