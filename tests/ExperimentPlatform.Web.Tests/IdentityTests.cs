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
        Assert.Contains("accepted only from loopback (or Authentication:DevelopmentNetworks), not from 10.1.2.3", await refused.Content.ReadAsStringAsync());
        using var compose = Get("/api/roles/alice", "alice", from: "192.168.77.5");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(compose)).StatusCode);

        using var platform = Get("/api/models", "platform");
        var reserved = await http.SendAsync(platform);
        Assert.Equal(HttpStatusCode.Unauthorized, reserved.StatusCode);
        Assert.Contains("reserved for the platform", await reserved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Health_says_live_without_checks_and_ready_with_storage_catalog_and_membership_to_anyone()
    {
        var http = factory.CreateClient();
        using var live = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/health/live"));
        Assert.Equal("healthy", live.RootElement.GetProperty("status").GetString());
        Assert.Empty(live.RootElement.GetProperty("checks").EnumerateObject());
        using var unauthenticated = Get("/health/ready", null, from: "10.9.9.9");
        var ready = await http.SendAsync(unauthenticated);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["catalog", "membership", "storage"], body.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order());
        Assert.StartsWith("silo ", body.RootElement.GetProperty("checks").GetProperty("membership").GetProperty("description").GetString());
    }
}
