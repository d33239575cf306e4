namespace ExperimentPlatform.Cli.Tests;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-cli-").FullName;

    private string Data()
    {
        var path = Path.Combine(_folder, "corpus.jsonl");
        var chapter = File.ReadAllText(Path.Combine(Ep.RepositoryRoot, "node_modules", "@stdlib", "datasets", "moby-dick", "data", "chapter_1.txt"));
        File.WriteAllLines(path, chapter.Split("\n\n").Where(p => p.Trim().Length > 0)
            .Select(p => System.Text.Json.JsonSerializer.Serialize(new { text = p })));
        return path;
    }

    private static string[] Train(string data, string output, int steps, params string[] extra) =>
    [
        "train", "--kind", "pretrain", "--data", data, "--tokenizer", "bytes", "--config", "tiny", "--layers", "2", "--width", "64",
        "--heads", "2", "--context", "64", "--dropout", "0.1", "--batch-size", "4", "--steps", steps.ToString(), "--eval-interval", "0",
        "--eval-batches", "2", "--seed", "5", "--device", "cpu", "--json", "--out", output, .. extra,
    ];

    private static List<float> Losses(string stdout) =>
        [.. Ep.Events(stdout).Where(e => e.GetProperty("event").GetString() == "step").Select(e => e.GetProperty("loss").GetSingle())];

    [Fact]
    public void A_run_resumed_in_a_new_process_continues_bit_exactly()
    {
        var data = Data();
        var whole = Ep.Run(Train(data, Path.Combine(_folder, "whole"), 6));
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        var firstHalf = Ep.Run(Train(data, Path.Combine(_folder, "split"), 3));
        Assert.True(firstHalf.ExitCode == 0, firstHalf.Stderr);
        var secondHalf = Ep.Run("train", "--resume", Path.Combine(_folder, "split"), "--steps", "6", "--device", "cpu", "--json");
        Assert.True(secondHalf.ExitCode == 0, secondHalf.Stderr);

        var events = Ep.Events(secondHalf.Stdout);
        Assert.Equal([4, 5, 6], events.Where(e => e.GetProperty("event").GetString() == "step").Select(e => e.GetProperty("step").GetInt32()));
        Assert.Equal(Losses(whole.Stdout), Losses(firstHalf.Stdout).Concat(Losses(secondHalf.Stdout)));
        var summary = events.Last();
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.True(summary.GetProperty("eval").GetProperty("validation").GetProperty("loss").GetDouble() > 0);
    }

    [Fact]
    public void Generate_and_export_work_on_a_trained_run()
    {
        var run = Path.Combine(_folder, "gen");
        Assert.Equal(0, Ep.Run(Train(Data(), run, 2)).ExitCode);
        var generated = Ep.Run("generate", "--model", run, "--prompt", "Call me", "--max-tokens", "10", "--temperature", "0", "--device", "cpu");
        Assert.True(generated.ExitCode == 0, generated.Stderr);
        Assert.StartsWith("Call me", generated.Stdout);
        var exported = Ep.Run("export", "--model", run, "--out", Path.Combine(_folder, "hf"));
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        Assert.True(File.Exists(Path.Combine(_folder, "hf", "config.json")));
        Assert.True(File.Exists(Path.Combine(_folder, "hf", "model.safetensors")));
    }

    [Theory]
    [InlineData("--config", "huge", "unknown model config 'huge'")]
    [InlineData("--kind", "regress", "--kind: 'regress' is not one of pretrain, classify, instruct")]
    [InlineData("--tokenizer", "sentencepiece", "unknown tokenizer 'sentencepiece'")]
    public void Bad_arguments_exit_2_with_a_clear_message(string option, string value, string message)
    {
        var result = Ep.Run("train", "--data", Data(), "--out", Path.Combine(_folder, "bad"), option, value, "--device", "cpu");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void A_batch_too_large_to_index_is_refused_before_training()
    {
        var result = Ep.Run("train", "--data", Data(), "--out", Path.Combine(_folder, "huge"), "--batch-size", "100000000", "--device", "cpu", "--json");
        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        Assert.Contains("training.batchSize", result.Stderr);
        Assert.Contains("\"field\":\"training.batchSize\"", result.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_folder, "huge", "checkpoints")));
    }

    [Fact]
    public void An_empty_dataset_is_a_clear_error()
    {
        var empty = Path.Combine(_folder, "empty.jsonl");
        File.WriteAllText(empty, "");
        var result = Ep.Run("train", "--data", empty, "--out", Path.Combine(_folder, "e"), "--device", "cpu");
        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        Assert.Contains("file is empty", result.Stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
