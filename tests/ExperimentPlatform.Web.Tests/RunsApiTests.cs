using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ExperimentPlatform.Web.Tests;

/// <summary>/api/runs through the real web host, whose co-hosted silo is also a CPU worker (as with ./run.sh).</summary>
public sealed class RunsApiTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private async Task<string> DatasetAsync()
    {
        var name = $"corpus-{Guid.NewGuid():N}"[..15];
        var body = string.Join("\n", Enumerable.Range(0, 300).Select(i => $"{{\"text\": \"Document {i} about whales and the sea, number {i % 13}.\"}}"));
        var response = await _http.PostAsync($"/api/datasets/{name}/versions?version=v1&kind=text&fileName=c.jsonl", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    private static StringContent Spec(string json) => new(json, Encoding.UTF8, "application/json");

    private static string TinySpec(string dataset, int steps) => JsonSerializer.Serialize(new
    {
        dataset, tokenizer = "bytes", model = new { layers = 2, heads = 2, width = 32, context = 32 },
        training = new { steps, batchSize = 4, evalInterval = 3, evalBatches = 2, threads = 1 }, experiment = "api",
    });

    [Fact]
    public async Task A_run_launched_over_http_trains_and_its_metrics_and_events_are_served()
    {
        var dataset = await DatasetAsync();
        var launched = await _http.PostAsync("/api/runs", Spec(TinySpec(dataset, 6)));
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var id = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/runs/{id}", launched.Headers.Location!.ToString());

        // Server-sent events, live until the run ends.
        var stream = await _http.GetStringAsync($"/api/runs/{id}/events");
        var steps = stream.Split('\n').Where(l => l.StartsWith("event: step", StringComparison.Ordinal)).Count();
        Assert.Equal(6, steps);
        Assert.Contains("event: end", stream);

        var run = await _http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
        Assert.Equal("completed", run.GetProperty("status").GetString());
        var series = await _http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/metrics/train/loss?maxPoints=3");
        Assert.Equal(3, series.GetProperty("points").GetArrayLength());
        Assert.Equal(6, series.GetProperty("totalPoints").GetInt32());
        var range = await _http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/metrics/train/loss?from=2&to=4");
        Assert.Equal([2, 3, 4], range.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt32()));
        var curve = await _http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/curves/train/loss?width=4&x=tokens");
        Assert.Equal(4, curve.GetProperty("points").GetArrayLength());
        Assert.Equal(4, curve.GetProperty("tokens").GetArrayLength());
        Assert.True(curve.GetProperty("tokens")[3].GetInt64() > curve.GetProperty("tokens")[0].GetInt64());
        var badCurve = await _http.GetAsync($"/api/runs/{id}/curves/train/loss?downsample=average");
        Assert.Equal(HttpStatusCode.BadRequest, badCurve.StatusCode);
        Assert.Contains("min-max, lttb", await badCurve.Content.ReadAsStringAsync());
        var list = await _http.GetFromJsonAsync<JsonElement>("/api/runs?experiment=api&status=completed");
        Assert.Contains(list.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        var experiments = await _http.GetFromJsonAsync<JsonElement>("/api/experiments");
        Assert.Contains(experiments.EnumerateArray(), e => e.GetProperty("name").GetString() == "api");
    }

    [Fact]
    public async Task Bad_specs_unknown_runs_and_wrong_states_answer_with_problem_details()
    {
        var dataset = await DatasetAsync();
        var bad = await _http.PostAsync("/api/runs", Spec(JsonSerializer.Serialize(new { dataset, kind = "clasify" })));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("kind", problem.GetProperty("field").GetString());
        Assert.Contains("is not one of pretrain, classify, instruct", problem.GetProperty("detail").GetString());

        var steps = await _http.PostAsync("/api/runs", Spec(JsonSerializer.Serialize(new { dataset, training = new { steps = 0 } })));
        Assert.Equal("training.steps", (await steps.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        // A misspelled field is refused by name, not ignored with its default used.
        var unknown = await _http.PostAsync("/api/runs", Spec(JsonSerializer.Serialize(new { dataset, training = new { learning_rate = 0.1 } })));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var refusal = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("training.learning_rate", refusal.GetProperty("field").GetString());
        Assert.Contains("did you mean 'learningRate'?", refusal.GetProperty("detail").GetString());

        // A batch no worker can hold is refused at launch, not scheduled to fail on a worker.
        var huge = await _http.PostAsync("/api/runs", Spec(JsonSerializer.Serialize(new { dataset, training = new { batchSize = 100_000_000 } })));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        var tooBig = await huge.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("training.batchSize", tooBig.GetProperty("field").GetString());
        Assert.Contains("tokens a micro-batch, more than the 2,147,483,647 one can hold", tooBig.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/runs/run-nobody")).StatusCode);
        var launched = await (await _http.PostAsync("/api/runs", Spec(TinySpec(dataset, 2)))).Content.ReadFromJsonAsync<JsonElement>();
        var id = launched.GetProperty("id").GetString()!;
        await _http.GetStringAsync($"/api/runs/{id}/events"); // until it ends
        var resume = await _http.PostAsync($"/api/runs/{id}/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
    }

    [Fact]
    public async Task Validate_answers_every_problem_and_an_estimate_and_launches_nothing()
    {
        var dataset = await DatasetAsync();
        var before = (await _http.GetFromJsonAsync<JsonElement>("/api/runs?pageSize=500")).GetProperty("total").GetInt32();
        var bad = JsonSerializer.Serialize(new { dataset, tokenizer = "bytes", training = new { steps = 10, learningRate = -1, batchSize = 0 }, experiment = "a b" });

        var response = await _http.PostAsync("/api/runs/validate", Spec(bad));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["experiment", "training.batchSize", "training.learningRate"],
            check.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()).Order());
        var good = await (await _http.PostAsync("/api/runs/validate", Spec(TinySpec(dataset, 5)))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(good.GetProperty("problems").EnumerateArray());
        Assert.Equal(4 * 32 * 5, good.GetProperty("estimate").GetProperty("totalTokens").GetInt64());
        Assert.Equal(before, (await _http.GetFromJsonAsync<JsonElement>("/api/runs?pageSize=500")).GetProperty("total").GetInt32());

        // A launch refused for several reasons says all of them.
        var launch = await (await _http.PostAsync("/api/runs", Spec(bad))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, launch.GetProperty("problems").GetArrayLength());
        var silos = await _http.GetFromJsonAsync<JsonElement>("/api/cluster/silos");
        Assert.Equal("worker", Assert.Single(silos.EnumerateArray()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_scheduler_answers_a_page_of_its_queue_and_refuses_a_page_size_out_of_range()
    {
        var dataset = await DatasetAsync();
        // Runs for a cuda worker wait: this cluster has none.
        var cuda = JsonSerializer.Serialize(new { dataset, tokenizer = "bytes", model = new { config = "tiny", layers = 1, heads = 1, width = 8, context = 8 }, resources = new { accelerator = "cuda" } });
        var queued = new List<string>();
        for (var i = 0; i < 3; i++)
            queued.Add((await (await _http.PostAsync("/api/runs", Spec(cuda))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);

        var page = await _http.GetFromJsonAsync<JsonElement>("/api/scheduler?skip=1&take=1");
        Assert.True(page.GetProperty("queueLength").GetInt32() >= 3);
        var only = Assert.Single(page.GetProperty("queue").EnumerateArray());
        Assert.Equal(2, only.GetProperty("position").GetInt32());
        var refused = await _http.GetAsync("/api/scheduler?take=5000");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("take", problem.GetProperty("field").GetString());
        Assert.Contains("must lie in 1..1000, got 5000", problem.GetProperty("detail").GetString());
        foreach (var id in queued)
            await _http.PostAsync($"/api/runs/{id}/cancel", null);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_runs_api()
    {
        var paths = (await _http.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/runs", out var runs) && runs.TryGetProperty("post", out _) && runs.TryGetProperty("get", out _));
        foreach (var path in new[] { "/api/runs/{id}", "/api/runs/{id}/events", "/api/runs/{id}/pause", "/api/runs/{id}/resume", "/api/runs/{id}/cancel",
                     "/api/runs/{id}/metrics/latest", "/api/runs/{id}/head", "/api/runs/validate", "/api/experiments", "/api/scheduler", "/api/cluster/silos" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
    }
}
