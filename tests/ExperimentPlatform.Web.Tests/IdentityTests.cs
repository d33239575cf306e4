using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ExperimentPlatform.Web.Tests;

/// <summary>Who may call the HTTP API: X-Actor only from loopback in development; a bearer token with Entra ID.</summary>
public sealed class IdentityTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private static HttpRequestMessage Get(string path, string? actor, string? from = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (actor is not null)
            request.Headers.Add("X-Actor", actor);
        if (from is not null)
            request.Headers.Add(PlatformFactory.RemoteHeader, from);
        return request;
    }

    [Fact]
    public async Task The_development_identity_is_accepted_only_from_loopback_and_never_as_the_platform()
    {
        var http = factory.CreateClient();
        using var local = Get("/api/roles/alice", "alice");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(local)).StatusCode);

        using var remote = Get("/api/roles/alice", "alice", from: "10.1.2.3");
        var refused = await http.SendAsync(remote);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("accepted only from loopback, not from 10.1.2.3", await refused.Content.ReadAsStringAsync());

        using var platform = Get("/api/models", "platform");
        var reserved = await http.SendAsync(platform);
        Assert.Equal(HttpStatusCode.Unauthorized, reserved.StatusCode);
        Assert.Contains("reserved for the platform", await reserved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }
}
