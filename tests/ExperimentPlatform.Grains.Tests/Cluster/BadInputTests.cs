using System.Text;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>Every kind of bad input gets a precise error and leaves nothing behind: no version, no blob.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture fixture) : IDisposable
{
    private readonly DatasetScenario _scenario = new(fixture);

    private async Task<DatasetInputException> RefusedAsync(string file, byte[] content, DatasetKind kind, string version = "v1")
    {
        var name = DatasetScenario.NewName("bad");
        var path = _scenario.WriteFile(file, content);
        var error = await Assert.ThrowsAsync<DatasetInputException>(() =>
            _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(path, kind, version)));
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => _scenario.Dataset(name).GetAsync());
        Assert.Empty(await _scenario.BlobsOfAsync(name));
        return error;
    }

    private Task<DatasetInputException> RefusedAsync(string file, string content, DatasetKind kind) =>
        RefusedAsync(file, Encoding.UTF8.GetBytes(content), kind);

    [Fact]
    public async Task Empty_file()
    {
        var error = await RefusedAsync("empty.jsonl", "", DatasetKind.Text);
        Assert.Equal(("empty.jsonl", "file is empty"), (error.File, error.Problem));
    }

    [Fact]
    public async Task Binary_file()
    {
        var error = await RefusedAsync("image.txt", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0x0D }, DatasetKind.Text);
        Assert.Contains("binary", error.Problem);
    }

    [Fact]
    public async Task Invalid_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"text\":\"fine\"}\n{\"text\":\"caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var error = await RefusedAsync("latin1.jsonl", bytes, DatasetKind.Text);
        Assert.Equal(2, error.Line);
        Assert.Contains("invalid UTF-8", error.Problem);
    }

    [Fact]
    public async Task Malformed_csv_after_valid_rows_stores_nothing()
    {
        var rows = string.Concat(Enumerable.Range(0, 5000).Select(i => $"row {i},{(i % 2 == 0 ? "ham" : "spam")}\n"));
        var error = await RefusedAsync("mail.csv", "text,label\n" + rows + "broken \"quote,ham\n", DatasetKind.Classification);
        Assert.Equal(5002, error.Line);
    }

    [Fact]
    public async Task Malformed_json_line()
    {
        var error = await RefusedAsync("docs.jsonl", "{\"text\":\"a\"}\n{\"text\":\"b\"\n", DatasetKind.Text);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("malformed JSON", error.Problem);
    }

    [Fact]
    public async Task Missing_field()
    {
        var error = await RefusedAsync("tasks.jsonl", "{\"instruction\":\"a\",\"response\":\"b\"}\n", DatasetKind.Instruction);
        Assert.Equal("missing field 'output'", error.Problem);
    }

    [Fact]
    public async Task Label_column_absent()
    {
        var error = await RefusedAsync("mail.csv", "text,class\nhi,ham\n", DatasetKind.Classification);
        Assert.Contains("label column 'label'", error.Problem);
    }

    [Fact]
    public async Task Single_class_only()
    {
        var error = await RefusedAsync("mail.csv", "text,label\na,ham\nb,ham\nc,ham\n", DatasetKind.Classification);
        Assert.Contains("every record has the label 'ham' (3 records)", error.Problem);
    }

    [Fact]
    public async Task Record_over_the_size_limit()
    {
        var big = new string('x', ClusterFixture.MaxRecordBytes - 100);
        var error = await RefusedAsync("big.jsonl", $"{{\"text\":\"ok\"}}\n{{\"text\":\"{big}\",\"note\":\"{new string('y', 200)}\"}}\n", DatasetKind.Text);
        Assert.Equal(2, error.Line);
        Assert.Contains("Datasets:MaxRecordBytes", error.Problem);
    }

    [Fact]
    public async Task Csv_record_over_the_size_limit_even_when_each_line_is_short()
    {
        var manyLines = string.Join("\n", Enumerable.Repeat(new string('m', 100), ClusterFixture.MaxRecordBytes / 100 + 10));
        var error = await RefusedAsync("long.csv", $"text,label\nshort,ham\n\"{manyLines}\",spam\n", DatasetKind.Classification);
        Assert.Equal(3, error.Line);
        Assert.Contains("Datasets:MaxRecordBytes", error.Problem);
    }

    [Fact]
    public async Task Source_over_the_total_limit()
    {
        var line = "{\"text\":\"" + new string('w', 1000) + "\"}\n";
        var content = string.Concat(Enumerable.Repeat(line, (int)(ClusterFixture.MaxSourceBytes / line.Length) + 10));
        var error = await RefusedAsync("huge.jsonl", content, DatasetKind.Text);
        Assert.Contains("Datasets:MaxSourceBytes", error.Problem);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("bell\a")]
    public async Task Unsafe_version_names(string version)
    {
        var name = DatasetScenario.NewName("bad");
        var path = _scenario.WriteFile("ok.txt", "fine");
        var error = await Assert.ThrowsAsync<DatasetInputException>(() =>
            _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(path, DatasetKind.Text, version)));
        Assert.StartsWith("version name", error.Problem);
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => _scenario.Dataset(name).GetAsync());
    }

    [Fact]
    public async Task Unsafe_dataset_name()
    {
        var error = await Assert.ThrowsAsync<DatasetInputException>(() =>
            _scenario.Dataset("..\\up").ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("ok.txt", "fine"), DatasetKind.Text)));
        Assert.Contains("path separator", error.Problem);
    }

    [Fact]
    public async Task Missing_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"nonexistent-{Guid.NewGuid():N}", "data.csv");
        var error = await Assert.ThrowsAsync<DatasetInputException>(() =>
            _scenario.Dataset(DatasetScenario.NewName("bad")).ImportAsync(DatasetScenario.FromPath(missing, DatasetKind.Text)));
        Assert.Contains($"no file or folder at '{missing}'", error.Problem);
    }

    public void Dispose() => _scenario.Dispose();
}
