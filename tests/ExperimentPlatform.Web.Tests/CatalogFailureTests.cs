using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExperimentPlatform.Testing;

namespace ExperimentPlatform.Web.Tests;

public sealed class CatalogFailureTests(BrokenCatalogPlatformFactory factory) : IClassFixture<BrokenCatalogPlatformFactory>
{
    [Fact]
    public async Task A_catalog_that_cannot_be_imported_is_reported_and_the_platform_runs_on()
    {
        var http = factory.CreateClient();

        var report = await Eventually.WaitForAsync(() => http.GetFromJsonAsync<JsonElement>("/api/catalog"),
            r => r.GetProperty("status").GetString() is "failed" or "imported", "the catalog import to end");

        Assert.Equal("failed", report.GetProperty("status").GetString());
        Assert.Contains("package.json", report.GetProperty("error").GetString());
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode); // degraded, still ready: the platform works without its catalog
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var catalog = body.RootElement.GetProperty("checks").GetProperty("catalog");
        Assert.Equal("degraded", catalog.GetProperty("status").GetString());
        Assert.Contains("could not be imported", catalog.GetProperty("description").GetString());
        // The host did not stop itself: it still answers, and datasets can be listed (without the catalog's).
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/datasets")).StatusCode);
        Assert.Equal("failed", (await http.GetFromJsonAsync<JsonElement>("/api/catalog")).GetProperty("status").GetString());
    }
}
