using System.Net.Http.Json;
using System.Text.Json;

namespace ExperimentPlatform.Web.Tests;

public sealed class CatalogOnStartTests(CatalogPlatformFactory factory) : IClassFixture<CatalogPlatformFactory>
{
    [Fact]
    public async Task A_fresh_platform_lists_the_four_catalog_datasets_with_their_statistics()
    {
        var http = factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        Dictionary<string, JsonElement> datasets = [];
        while (DateTime.UtcNow < deadline)
        {
            var list = await http.GetFromJsonAsync<JsonElement>("/api/datasets");
            datasets = list.EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
            if (datasets.Count == 4 && datasets.Values.All(d => d.GetProperty("latest").GetProperty("statistics").GetProperty("gpt2Tokens").ValueKind == JsonValueKind.Number))
                break;
            await Task.Delay(500);
        }
        Assert.Equal(["email-instructions", "moby-dick", "sotu", "spam-assassin"], datasets.Keys.Order());
        var moby = datasets["moby-dick"].GetProperty("latest").GetProperty("statistics");
        Assert.Equal(138, moby.GetProperty("documents").GetInt64());
        Assert.InRange(moby.GetProperty("gpt2Tokens").GetInt64(), 250_000, 350_000);
        Assert.Equal("text", datasets["moby-dick"].GetProperty("kind").GetString());
        Assert.Equal("classification", datasets["spam-assassin"].GetProperty("kind").GetString());
    }
}
