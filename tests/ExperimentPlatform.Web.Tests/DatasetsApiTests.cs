using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ExperimentPlatform.Web.Tests;

public sealed class DatasetsApiTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private const string SpamCsv = "text,label\n\"Free money, click now\",spam\nLunch at noon?,ham\nMinutes attached,ham\nCheap pills,spam\n";

    private Task<HttpResponseMessage> UploadRawAsync(string name, string query, string body, string contentType = "text/csv")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return _http.PostAsync($"/api/datasets/{name}/versions?{query}", content);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_version_derived_over_http_takes_the_source_split_as_text()
    {
        var mail = NewName("mail");
        var csv = "text,label\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"\"mail number {i}\",{(i % 3 == 0 ? "spam" : "ham")}\n"));
        var source = await JsonAsync(await UploadRawAsync(mail, "version=v1&kind=classification&fileName=m.csv", csv));
        var name = NewName("mailtext");
        var created = await _http.PostAsJsonAsync($"/api/datasets/{name}/derivations", new { from = $"{mail}@v1", split = "train", version = "v1", kind = "text" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var version = await JsonAsync(created);
        Assert.Equal(("text", $"dataset:{mail}@v1 (train split)"), (version.GetProperty("kind").GetString(), version.GetProperty("source").GetString()));
        Assert.Equal(source.GetProperty("split").GetProperty("train").GetInt64(), version.GetProperty("statistics").GetProperty("documents").GetInt64());

        var refused = await _http.PostAsJsonAsync($"/api/datasets/{name}/derivations", new { from = $"{mail}@v1", split = "holdout", version = "v2", kind = "text" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("source split 'holdout' is not a split", (await JsonAsync(refused)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_raw_csv_upload_creates_a_version_that_can_be_listed_shown_and_previewed()
    {
        var name = NewName("mail");
        var response = await UploadRawAsync(name, "version=v1&kind=classification&fileName=mail.csv&description=toy%20set", SpamCsv);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await JsonAsync(response);
        Assert.Equal("classification", version.GetProperty("kind").GetString());
        Assert.Equal(4, version.GetProperty("statistics").GetProperty("documents").GetInt64());
        Assert.Equal(2, version.GetProperty("statistics").GetProperty("labels").GetProperty("spam").GetInt64());
        Assert.Equal("upload:mail.csv", version.GetProperty("source").GetString());
        Assert.Equal($"/api/datasets/{name}/versions/v1", response.Headers.Location?.ToString());

        var list = await _http.GetFromJsonAsync<JsonElement>("/api/datasets");
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("name").GetString() == name);

        var sha = version.GetProperty("sha256").GetString()!;
        var bySha = await _http.GetFromJsonAsync<JsonElement>($"/api/datasets/{name}/versions/{sha[..12]}");
        Assert.Equal("v1", bySha.GetProperty("name").GetString());

        var preview = await _http.GetFromJsonAsync<JsonElement>($"/api/datasets/{name}/versions/v1/preview?count=2");
        Assert.Equal(["Free money, click now", "Lunch at noon?"], preview.EnumerateArray().Select(r => r.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_multipart_upload_takes_its_format_from_the_file_name()
    {
        var name = NewName("tasks");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("{\"instruction\":\"Say hi\",\"output\":\"hi\"}\n{\"instruction\":\"Add\",\"input\":\"2+2\",\"output\":\"4\"}\n"), "file", "tasks.jsonl" },
        };
        _http.DefaultRequestHeaders.Add("X-Actor", "alice@example.com");
        var response = await _http.PostAsync($"/api/datasets/{name}/versions?version=v1&kind=instruction", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await JsonAsync(response);
        Assert.Equal(("upload:tasks.jsonl", "alice@example.com"), (version.GetProperty("source").GetString(), version.GetProperty("createdBy").GetString()));
    }

    [Fact]
    public async Task Bad_input_is_a_400_problem_naming_file_and_line_and_stores_nothing()
    {
        var name = NewName("bad");
        var response = await UploadRawAsync(name, "version=v1&kind=classification&fileName=mail.csv", "text,label\nok,ham\nnot,closed,\"quote\n");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal(("mail.csv", 3), (problem.GetProperty("file").GetString(), problem.GetProperty("line").GetInt32()));
        Assert.Contains("quote", problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/datasets/{name}")).StatusCode);
    }

    [Fact]
    public async Task Query_mistakes_say_what_is_expected()
    {
        var missing = await JsonAsync(await UploadRawAsync(NewName("q"), "version=v1", SpamCsv));
        Assert.Equal("query parameter 'kind' is required (text, classification, instruction)", missing.GetProperty("detail").GetString());
        var wrong = await JsonAsync(await UploadRawAsync(NewName("q"), "version=v1&kind=regression", SpamCsv));
        Assert.StartsWith("'regression' is not a valid kind", wrong.GetProperty("detail").GetString());
        var badName = await UploadRawAsync("evil%2F..", "version=v1&kind=text", "x");
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_version_is_a_409()
    {
        var name = NewName("dup");
        Assert.Equal(HttpStatusCode.Created, (await UploadRawAsync(name, "version=v1&kind=classification&fileName=a.csv", SpamCsv)).StatusCode);
        var again = await UploadRawAsync(name, "version=v1&kind=classification&fileName=a.csv", SpamCsv);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already has a version 'v1'", (await JsonAsync(again)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_upload_over_the_total_limit_is_a_413_and_leaves_nothing()
    {
        var name = NewName("big");
        var line = "{\"text\":\"" + new string('b', 1000) + "\"}\n";
        var body = string.Concat(Enumerable.Repeat(line, (int)(PlatformFactory.MaxSourceBytes / line.Length) + 50));
        var response = await UploadRawAsync(name, "version=v1&kind=text&fileName=big.jsonl", body, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/datasets/{name}")).StatusCode);
    }

    [Fact]
    public async Task Importing_from_a_path_and_deleting_a_version()
    {
        var name = NewName("path");
        var file = Path.Combine(Path.GetTempPath(), $"{name}.txt");
        await File.WriteAllTextAsync(file, "It was the best of times.\n\nIt was the worst of times.");
        try
        {
            // Importing from a path on the server is for Admins only.
            var denied = await _http.PostAsJsonAsync($"/api/datasets/{name}/imports", new { path = file, version = "v1", kind = "text" });
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Contains("needs the Admin role", (await denied.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("detail").GetString());
            using var asAdmin = new HttpRequestMessage(HttpMethod.Post, $"/api/datasets/{name}/imports") { Content = JsonContent.Create(new { path = file, version = "v1", kind = "text" }) };
            asAdmin.Headers.Add("X-Actor", "test:admin");
            var created = await _http.SendAsync(asAdmin);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/datasets/{name}/versions/v1")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/datasets/{name}/versions/v1")).StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_datasets_api()
    {
        var document = await _http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/datasets/{name}/versions", out var versions));
        Assert.True(versions.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/datasets/{name}/versions/{version}/preview", out _));
    }
}
