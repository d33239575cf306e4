using System.Text.Json;

namespace ExperimentPlatform.Cli.Tests;

public sealed class TokenizeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-tokenize-").FullName;

    private string Corpus(params string[] documents)
    {
        var path = Path.Combine(_folder, "corpus.jsonl");
        File.WriteAllLines(path, documents.Select(d => JsonSerializer.Serialize(new { text = d })));
        return path;
    }

    [Fact]
    public void Writes_each_splits_token_stream_as_uint16_with_its_metadata()
    {
        string[] documents = [.. Enumerable.Range(0, 40).Select(i => $"Document {i}: call me Ishmael.")];
        var result = Ep.Run("tokenize", "--data", Corpus(documents), "--tokenizer", "bytes", "--out", Path.Combine(_folder, "out"));
        Assert.True(result.ExitCode == 0, result.Stderr);

        var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "out", "meta.json"))).RootElement;
        Assert.Equal("uint16", meta.GetProperty("dtype").GetString());
        Assert.Equal(256, meta.GetProperty("end_of_text").GetInt32());
        var streams = new[] { "train", "validation", "test" }.ToDictionary(split => split, split =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(_folder, "out", split + ".bin"));
            var ids = Enumerable.Range(0, bytes.Length / 2).Select(i => (int)BitConverter.ToUInt16(bytes, 2 * i)).ToArray();
            Assert.Equal(meta.GetProperty("tokens").GetProperty(split).GetInt64(), ids.Length);
            return ids;
        });
        // Every document appears in exactly one split, as its UTF-8 bytes followed by end-of-text.
        var decoded = streams.Values.SelectMany(ids => System.Text.Encoding.UTF8.GetString([.. ids.Select(i => i == 256 ? (byte)'\n' : (byte)i)])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)).Order().ToList();
        Assert.Equal(documents.Order(), decoded);
        Assert.NotEmpty(streams["train"]);
    }

    [Fact]
    public void A_second_run_on_the_same_data_reads_its_token_ids_from_the_cache()
    {
        var data = Corpus([.. Enumerable.Range(0, 30).Select(i => $"Paragraph {i}. It was the best of times, it was the worst of times.")]);
        var cache = Path.Combine(_folder, "cache");
        string[] Train(string output) =>
        [
            "train", "--kind", "pretrain", "--data", data, "--tokenizer", "bytes", "--config", "tiny", "--layers", "1", "--width", "32",
            "--heads", "2", "--context", "32", "--batch-size", "2", "--steps", "2", "--eval-interval", "0", "--eval-batches", "1",
            "--device", "cpu", "--json", "--token-cache", cache, "--out", Path.Combine(_folder, output),
        ];
        JsonElement TokenCache(string stdout) => Ep.Events(stdout).Last().GetProperty("token_cache");

        var cold = Ep.Run(Train("cold"));
        Assert.True(cold.ExitCode == 0, cold.Stderr);
        Assert.True(TokenCache(cold.Stdout).GetProperty("misses").GetInt32() > 0);
        var warm = Ep.Run(Train("warm"));
        Assert.True(warm.ExitCode == 0, warm.Stderr);
        Assert.Equal(0, TokenCache(warm.Stdout).GetProperty("misses").GetInt32());
        Assert.True(TokenCache(warm.Stdout).GetProperty("hits").GetInt32() > 0);
        Assert.Single(Directory.GetFiles(cache, "bytes-*.tokens"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
