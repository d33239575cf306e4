using System.Text;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class DatasetImportTests(ClusterFixture fixture) : IDisposable
{
    private readonly DatasetScenario _scenario = new(fixture);

    private static string SpamCsv(int spam, int ham)
    {
        var csv = new StringBuilder("text,label\n");
        for (var i = 0; i < spam; i++)
            csv.Append($"\"WIN cash now, offer {i}\",spam\n");
        for (var i = 0; i < ham; i++)
            csv.Append($"\"Meeting notes, item {i}\",ham\n");
        return csv.ToString();
    }

    [Fact]
    public async Task Importing_a_csv_from_a_path_stores_a_version_with_stats_and_a_stratified_split()
    {
        var name = DatasetScenario.NewName("spam");
        var path = _scenario.WriteFile("mail.csv", SpamCsv(spam: 40, ham: 160));

        var version = await _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(path, DatasetKind.Classification) with { Description = "toy" });

        Assert.Equal(200, version.Statistics.Documents);
        Assert.Equal(new Dictionary<string, long> { ["ham"] = 160, ["spam"] = 40 }, version.Statistics.Labels);
        Assert.Equal((170, 10, 20), (version.Split.Train, version.Split.Validation, version.Split.Test));
        Assert.Equal("path:" + path, version.Source);
        Assert.Equal("test:alice", version.CreatedBy);
        Assert.Matches("^[0-9a-f]{64}$", version.Sha256);

        var split = await fixture.Store.DownloadAsync(version.SplitBlob, default);
        Assert.Equal(200, split.Length);
        var lines = await fixture.Store.ReadLinesAsync(version.ContentBlob, 1000, default);
        Assert.Equal(200, lines.Count);
        var testSpam = lines.Where((l, i) => split[i] == 2 && l.Contains("\"label\":\"spam\"")).Count();
        Assert.Equal(4, testSpam);
    }

    [Fact]
    public async Task The_sha256_is_that_of_the_canonical_content_so_formats_agree()
    {
        var csv = _scenario.WriteFile("a.csv", "text,label\nhello,ham\nbuy now,spam\n");
        var jsonl = _scenario.WriteFile("a.jsonl", "{\"label\":\"ham\",\"text\":\"hello\"}\r\n{\"text\":\"buy now\",\"label\":\"spam\"}\r\n");
        var fromCsv = await _scenario.Dataset(DatasetScenario.NewName("fmt")).ImportAsync(DatasetScenario.FromPath(csv, DatasetKind.Classification));
        var fromJsonl = await _scenario.Dataset(DatasetScenario.NewName("fmt")).ImportAsync(DatasetScenario.FromPath(jsonl, DatasetKind.Classification));
        Assert.Equal(fromCsv.Sha256, fromJsonl.Sha256);
        var bytes = await fixture.Store.DownloadAsync(fromCsv.ContentBlob, default);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), fromCsv.Sha256);
    }

    [Fact]
    public async Task A_staged_upload_is_imported_and_the_raw_upload_removed()
    {
        var name = DatasetScenario.NewName("upl");
        var staged = await fixture.Store.StageUploadAsync(
            new MemoryStream(Encoding.UTF8.GetBytes("{\"instruction\":\"Say hi\",\"output\":\"hi\"}\n{\"instruction\":\"Say bye\",\"input\":\"now\",\"output\":\"bye\"}\n")),
            "tasks.jsonl", ClusterFixture.MaxSourceBytes, default);

        var version = await _scenario.Dataset(name).ImportAsync(new ImportRequest
        {
            Version = "v1", Kind = DatasetKind.Instruction, SourceType = ImportSourceType.StagedUpload,
            Location = staged, FileName = "tasks.jsonl", Actor = "test:bob",
        });

        Assert.Equal(2, version.Statistics.Documents);
        Assert.Equal("upload:tasks.jsonl", version.Source);
        Assert.False(await fixture.Store.ExistsAsync(staged));
    }

    [Fact]
    public async Task A_folder_of_text_files_becomes_one_corpus_and_tokens_get_counted()
    {
        var name = DatasetScenario.NewName("corpus");
        _scenario.WriteFile("books/a.txt", "Hello, world");
        _scenario.WriteFile("books/b.md", "# Title\n\nSecond file.");
        var version = await _scenario.Dataset(name).ImportAsync(
            DatasetScenario.FromPath(Path.GetDirectoryName(_scenario.WriteFile("books/.hidden", "skip me"))!, DatasetKind.Text));
        Assert.Equal(2, version.Statistics.Documents);

        var tokens = (await Testing.Eventually.WaitForAsync(() => _scenario.Dataset(name).GetVersionAsync("v1"),
            v => v.Statistics.Gpt2Tokens is not null, $"{name}@v1's GPT-2 token count", TimeSpan.FromSeconds(30))).Statistics.Gpt2Tokens;
        var tokenizer = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt2");
        Assert.Equal(3 + tokenizer.CountTokens("# Title\n\nSecond file."), tokens);
    }

    [Fact]
    public async Task A_duplicate_version_name_is_refused_and_the_first_kept()
    {
        var name = DatasetScenario.NewName("dup");
        var path = _scenario.WriteFile("dup.csv", SpamCsv(3, 3));
        var first = await _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(path, DatasetKind.Classification));

        var error = await Assert.ThrowsAsync<DatasetConflictException>(() =>
            _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("other.csv", SpamCsv(5, 5)), DatasetKind.Classification)));

        Assert.Contains("already has a version 'v1'", error.Message);
        var details = await _scenario.Dataset(name).GetAsync();
        Assert.Equal(first.Sha256, Assert.Single(details.Versions).Sha256);
    }

    [Fact]
    public async Task Same_content_under_a_new_version_name_shares_the_stored_bytes()
    {
        var name = DatasetScenario.NewName("twin");
        var path = _scenario.WriteFile("t.csv", SpamCsv(4, 4));
        var v1 = await _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(path, DatasetKind.Classification));
        var v2 = await _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(path, DatasetKind.Classification, "v2"));
        Assert.Equal(v1.ContentBlob, v2.ContentBlob);
        Assert.Equal(2, (await _scenario.BlobsOfAsync(name)).Count);

        await _scenario.Dataset(name).DeleteVersionAsync("v1", "test:alice");
        Assert.Equal(2, (await _scenario.BlobsOfAsync(name)).Count);
        Assert.Equal("v2", (await _scenario.Dataset(name).GetVersionAsync(v1.Sha256[..10])).Name);
    }

    [Fact]
    public async Task A_referenced_version_cannot_be_deleted_and_the_error_names_the_referrer()
    {
        var name = DatasetScenario.NewName("ref");
        await _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("r.csv", SpamCsv(2, 2)), DatasetKind.Classification));
        await _scenario.Dataset(name).AddReferenceAsync("v1", "run:r-17");

        var error = await Assert.ThrowsAsync<DatasetConflictException>(() => _scenario.Dataset(name).DeleteVersionAsync("v1", "test:alice"));
        Assert.Contains("run:r-17", error.Message);
        var whole = await Assert.ThrowsAsync<DatasetConflictException>(() => _scenario.Dataset(name).DeleteAsync("test:alice"));
        Assert.Contains("run:r-17", whole.Message);

        await _scenario.Dataset(name).RemoveReferenceAsync("v1", "run:r-17");
        await _scenario.Dataset(name).DeleteAsync("test:alice");
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => _scenario.Dataset(name).GetAsync());
        Assert.Empty(await _scenario.BlobsOfAsync(name));
        var listed = await fixture.Grains.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key).ListAsync();
        Assert.DoesNotContain(listed, d => d.Name == name);
    }

    [Fact]
    public async Task A_version_of_another_kind_is_refused()
    {
        var name = DatasetScenario.NewName("kind");
        await _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("k.txt", "some text"), DatasetKind.Text));
        var error = await Assert.ThrowsAsync<DatasetInputException>(() => _scenario.Dataset(name).ImportAsync(
            DatasetScenario.FromPath(_scenario.WriteFile("k.csv", SpamCsv(1, 1)), DatasetKind.Classification, "v2")));
        Assert.Contains("holds text data", error.Message);
    }

    [Fact]
    public async Task Versions_and_history_are_listed_with_actors()
    {
        var name = DatasetScenario.NewName("hist");
        await _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("h1.txt", "one"), DatasetKind.Text));
        await _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("h2.txt", "two"), DatasetKind.Text, "v2"));
        await _scenario.Dataset(name).DeleteVersionAsync("v1", "test:carol");

        var details = await _scenario.Dataset(name).GetAsync();
        Assert.Equal(["v2"], details.Versions.Select(v => v.Name));
        Assert.Equal(
            [("version-created", "v1", "test:alice"), ("version-created", "v2", "test:alice"), ("version-deleted", "v1", "test:carol")],
            details.History.Select(h => (h.Action, h.Version, h.Actor)));
        var summary = (await fixture.Grains.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key).ListAsync()).Single(d => d.Name == name);
        Assert.Equal(("v2", 1), (summary.Latest.Name, summary.VersionCount));
    }

    [Fact]
    public async Task A_classification_train_split_derived_as_text_holds_exactly_its_texts_and_no_labels()
    {
        var mail = DatasetScenario.NewName("mail");
        var source = await _scenario.Dataset(mail).ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("d.csv", SpamCsv(spam: 60, ham: 140)), DatasetKind.Classification));
        var name = DatasetScenario.NewName("mailtext");
        var request = new ImportRequest
        {
            Version = "v1", Kind = DatasetKind.Text, SourceType = ImportSourceType.Dataset, Location = $"{mail}@v1", SourceSplit = "train", Actor = "test:alice",
        };
        var derived = await _scenario.Dataset(name).ImportAsync(request);

        Assert.Equal((DatasetKind.Text, $"dataset:{mail}@v1 (train split)"), (derived.Kind, derived.Source));
        Assert.Equal(source.Split.Train, derived.Statistics.Documents);
        var sourceRecords = await StoredAsync(source);
        var derivedRecords = await StoredAsync(derived);
        Assert.Equal(sourceRecords.Where(r => r.Split == 0).Select(r => r.Record.Text), derivedRecords.Select(r => r.Record.Text));
        Assert.All(derivedRecords, r => Assert.Null(r.Record.Label));
        Assert.Empty(derivedRecords.Select(r => r.Record.Text).Intersect(sourceRecords.Where(r => r.Split == 2).Select(r => r.Record.Text)));

        // What cannot be derived is refused, naming why, and writes nothing.
        var unknownSplit = await Assert.ThrowsAsync<DatasetInputException>(() => _scenario.Dataset(name).ImportAsync(request with { Version = "v2", SourceSplit = "dev" }));
        Assert.Contains("source split 'dev' is not a split; use train, validation or test", unknownSplit.Message);
        var gainLabels = await Assert.ThrowsAsync<DatasetInputException>(() => _scenario.Dataset(DatasetScenario.NewName("back")).ImportAsync(
            request with { Kind = DatasetKind.Classification, Location = $"{name}@v1", SourceSplit = null }));
        Assert.Contains("a text dataset cannot become a classification dataset (it has no labels)", gainLabels.Message);
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => _scenario.Dataset(name).ImportAsync(request with { Version = "v3", Location = $"{mail}@v9" }));
        Assert.Single((await _scenario.Dataset(name).GetAsync()).Versions);
    }

    private async Task<IReadOnlyList<SplitRecord>> StoredAsync(DatasetVersion version)
    {
        var split = (await fixture.Storage.DatasetContainer.GetBlobClient(version.SplitBlob).DownloadContentAsync()).Value.Content.ToArray();
        await using var content = await fixture.Storage.DatasetContainer.GetBlobClient(version.ContentBlob).OpenReadAsync();
        return StoredDataset.Read(content, split, version.ContentBlob);
    }

    public void Dispose() => _scenario.Dispose();
}
