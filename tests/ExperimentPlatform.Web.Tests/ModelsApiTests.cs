using ExperimentPlatform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ExperimentPlatform.Web.Tests;

/// <summary>/api/models through the real web host: register from a run, read versions and lineage, and the errors.</summary>
public sealed class ModelsApiTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private async Task<string> CompletedRunAsync()
    {
        var name = $"corpus-{Guid.NewGuid():N}"[..15];
        var body = string.Join("\n", Enumerable.Range(0, 300).Select(i => $"{{\"text\": \"Document {i} about whales and the sea, number {i % 13}.\"}}"));
        var uploaded = await _http.PostAsync($"/api/datasets/{name}/versions?version=v1&kind=text&fileName=c.jsonl", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var launched = await _http.PostAsync("/api/runs", Json(new
        {
            dataset = name, tokenizer = "bytes", model = new { layers = 2, heads = 2, width = 32, context = 32 },
            training = new { steps = 4, batchSize = 4, evalInterval = 2, evalBatches = 2, threads = 1 }, experiment = "models-api",
        }));
        var id = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _http.GetStringAsync($"/api/runs/{id}/events"); // until it ends
        return id;
    }

    [Fact]
    public async Task A_version_registered_over_http_is_served_with_its_lineage()
    {
        var run = await CompletedRunAsync();
        var name = $"lm-{Guid.NewGuid():N}"[..12];
        var created = await _http.PostAsync($"/api/models/{name}", Json(new { task = "foundation", description = "whale talk", owners = new[] { "alice" } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var registered = await _http.PostAsync($"/api/models/{name}/versions", Json(new { run, choice = "latest" }));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal($"/api/models/{name}/versions/v1", registered.Headers.Location!.ToString());
        var version = await _http.GetFromJsonAsync<JsonElement>($"/api/models/{name}/versions/latest");
        Assert.Equal((1, run, "latest"), (version.GetProperty("version").GetInt32(), version.GetProperty("run").GetString(), version.GetProperty("chosenBy").GetString()));
        Assert.Equal(4, version.GetProperty("checkpoint").GetProperty("step").GetInt32());
        Assert.Equal(64, version.GetProperty("dataset").GetProperty("sha256").GetString()!.Length);
        var same = await _http.GetFromJsonAsync<JsonElement>($"/api/models/{name}/versions/1");
        Assert.Equal(version.GetProperty("registeredAt").GetString(), same.GetProperty("registeredAt").GetString());
        var lineage = await _http.GetFromJsonAsync<JsonElement>($"/api/models/{name}/versions/v1/lineage");
        Assert.Equal(0, lineage.GetProperty("ancestors").GetArrayLength());
        var model = await _http.GetFromJsonAsync<JsonElement>($"/api/models/{name}");
        Assert.Equal(("foundation", 1), (model.GetProperty("task").GetString(), model.GetProperty("latestVersion").GetInt32()));
        var list = await _http.GetFromJsonAsync<JsonElement>("/api/models?task=foundation");
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("name").GetString() == name);

        // Promotion to production: the gate evaluates, the requester may not approve (403), someone else may.
        var asked = await Send(HttpMethod.Post, $"/api/models/{name}/promotions", "alice", Json(new { alias = "production", version = 1, reason = "first" }));
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var id = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var again = await Send(HttpMethod.Post, $"/api/models/{name}/promotions", "carol", Json(new { alias = "production", version = 1 }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var request = await Eventually.WaitForAsync(() => _http.GetFromJsonAsync<JsonElement>($"/api/models/{name}/promotions/{id}"),
            r => r.GetProperty("status").GetString() != "evaluating", $"promotion #{id} of {name} to leave evaluating");
        Assert.Equal("awaiting-approval", request.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Post, $"/api/models/{name}/promotions/{id}/approve", "alice", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, $"/api/models/{name}/promotions/{id}/approve?reason=ok", "bob", null)).StatusCode);
        var production = await _http.GetFromJsonAsync<JsonElement>($"/api/models/{name}/versions/production");
        Assert.Equal(1, production.GetProperty("version").GetInt32());
        var audit = await _http.GetFromJsonAsync<JsonElement>($"/api/models/{name}/audit?max=3");
        Assert.Equal(["move", "approve", "refuse"], audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("bob", audit.GetProperty("entries")[1].GetProperty("actor").GetString());
        var older = await _http.GetFromJsonAsync<JsonElement>($"/api/models/{name}/audit?max=3&before={audit.GetProperty("next").GetString()}");
        Assert.Equal("gate-passed", older.GetProperty("entries")[0].GetProperty("action").GetString());
        var feed = await _http.GetFromJsonAsync<JsonElement>("/api/audit?max=1000");
        Assert.Contains(feed.GetProperty("entries").EnumerateArray(), e => e.GetProperty("model").GetString() == name && e.GetProperty("action").GetString() == "move");

        // Inference by alias on the worker: the answer names the version; a classify on a foundation is refused, naming the field.
        var generated = await _http.PostAsync("/api/inference/generate", Json(new { model = $"{name}@production", prompt = "Document 7", maxTokens = 5, temperature = 0 }));
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var text = await generated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((name, 1), (text.GetProperty("model").GetProperty("model").GetString(), text.GetProperty("model").GetProperty("version").GetInt32()));
        Assert.True(text.GetProperty("text").GetString()!.Length > 0);
        var refused = await _http.PostAsync("/api/inference/classify", Json(new { model = $"{name}@production", texts = new[] { "hi" } }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("model", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var stats = await _http.GetFromJsonAsync<JsonElement>("/api/inference/stats");
        Assert.Contains(stats.EnumerateArray(), s => s.GetProperty("running").GetBoolean() && s.GetProperty("models").GetInt32() == 1);
    }

    [Fact]
    public async Task A_version_downloads_as_a_hugging_face_zip_that_imports_again_as_a_foundation_version()
    {
        var run = await CompletedRunAsync();
        var source = $"hf-{Guid.NewGuid():N}"[..12];
        Assert.Equal(HttpStatusCode.Created, (await _http.PostAsync($"/api/models/{source}/versions", Json(new { run, choice = "latest" }))).StatusCode);

        var download = await _http.GetAsync($"/api/models/{source}/versions/v1/huggingface");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"{source}-v1-huggingface.zip", download.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var zip = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(zip)), download.Headers.GetValues("X-Content-SHA256").Single());

        var dataset = (await _http.GetFromJsonAsync<JsonElement>($"/api/runs/{run}")).GetProperty("dataset").GetProperty("name").GetString();
        var name = $"hfin-{Guid.NewGuid():N}"[..12];
        var body = new ByteArrayContent(zip);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        var imported = await _http.PostAsync($"/api/models/{name}/imports?dataset={dataset}&tokenizer=bytes&description=back", body);
        Assert.Equal(HttpStatusCode.Accepted, imported.StatusCode);
        var started = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/models/{name}/imports/{started.GetProperty("id").GetString()}", imported.Headers.Location!.ToString());
        var import = await Eventually.WaitForAsync(() => _http.GetFromJsonAsync<JsonElement>(imported.Headers.Location!.ToString()),
            i => i.GetProperty("status").GetString() != "importing", $"the import at {imported.Headers.Location} to end");
        Assert.Equal("registered", import.GetProperty("status").GetString());
        var version = await _http.GetFromJsonAsync<JsonElement>($"/api/models/{name}/versions/v1");
        Assert.Equal(("foundation", 0), (version.GetProperty("task").GetString(), version.GetProperty("checkpoint").GetProperty("step").GetInt32()));
        Assert.Equal(started.GetProperty("weights").GetProperty("sha256").GetString(), version.GetProperty("imported").GetProperty("sha256").GetString());

        // Not a zip: 400 naming the field; no dataset: 400 before the body is read.
        var garbage = new ByteArrayContent(Encoding.UTF8.GetBytes("not a zip"));
        garbage.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        var refused = await _http.PostAsync($"/api/models/{name}/imports?dataset={dataset}&tokenizer=bytes", garbage);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("from", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var noData = await _http.PostAsync($"/api/models/{name}/imports", new ByteArrayContent(zip) { Headers = { ContentType = new("application/zip") } });
        Assert.Equal("dataset", (await noData.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string actor, HttpContent? body)
    {
        using var message = new HttpRequestMessage(method, path) { Content = body };
        message.Headers.Add("X-Actor", actor);
        return await _http.SendAsync(message);
    }

    [Fact]
    public async Task Bad_requests_unknown_names_and_clashes_answer_with_problem_details()
    {
        var name = $"bad-{Guid.NewGuid():N}"[..12];
        var task = await _http.PostAsync($"/api/models/{name}", Json(new { task = "foundaton" }));
        Assert.Equal(HttpStatusCode.BadRequest, task.StatusCode);
        var problem = await task.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("task", problem.GetProperty("field").GetString());
        Assert.Contains("is not one of foundation, classifier, instruct", problem.GetProperty("detail").GetString());

        var noRun = await _http.PostAsync($"/api/models/{name}/versions", Json(new { run = "run-nobody" }));
        Assert.Equal(HttpStatusCode.BadRequest, noRun.StatusCode);
        Assert.Equal("run", (await noRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/models/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _http.PostAsync($"/api/models/{name}", Json(new { task = "classifier" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/api/models/{name}", Json(new { task = "classifier" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/models/{name}/versions/production")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"/api/models/{name}/versions/not%20an%20alias")).StatusCode);
    }
}
