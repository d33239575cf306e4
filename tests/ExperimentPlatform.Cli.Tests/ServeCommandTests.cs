using System.Text;
using System.Text.Json;

namespace ExperimentPlatform.Cli.Tests;

/// <summary><c>ep serve</c> and <c>ep classify</c> answer with a trained classifier; bad requests get an error and the server goes on.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-serve-").FullName;

    private string TrainClassifier()
    {
        var csv = new StringBuilder("text,label\n");
        for (var i = 0; i < 80; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"message {i} {(i % 2 == 0 ? "cheap pills now" : "the meeting notes")}\",{(i % 2 == 0 ? "spam" : "ham")}\n");
        var data = Path.Combine(_folder, "mail.csv");
        File.WriteAllText(data, csv.ToString());
        var run = Path.Combine(_folder, "spam");
        var trained = Ep.Run("train", "--kind", "classify", "--data", data, "--tokenizer", "bytes", "--layers", "2", "--heads", "2", "--width", "32",
            "--context", "32", "--batch-size", "8", "--steps", "30", "--eval-interval", "0", "--threads", "1", "--device", "cpu", "--json", "--out", run);
        Assert.True(trained.ExitCode == 0, trained.Stderr);
        return run;
    }

    [Fact]
    public void Serve_answers_each_request_line_keeps_the_model_warm_and_survives_bad_requests()
    {
        var model = TrainClassifier();
        string Line(object request) => JsonSerializer.Serialize(request) + "\n";
        var input = Line(new { id = 1, op = "classify", model, texts = new[] { "message 90 cheap pills now", "message 91 the meeting notes" } })
                    + Line(new { id = 2, op = "generate", model, prompt = "hello" })
                    + Line(new { id = 3, op = "translate", model })
                    + "not json\n"
                    + Line(new { id = 4, op = "classify", model, texts = new[] { "message 92 cheap pills now" } })
                    + Line(new { id = 5, op = "stats" });

        var (code, stdout, stderr) = Ep.RunWithInput(input, "serve", "--device", "cpu", "--cache-mib", "64");

        Assert.True(code == 0, stderr);
        var answers = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, answers.Count);
        var labels = answers[0].GetProperty("result").EnumerateArray().Select(r => r.GetProperty("label").GetString()).ToList();
        Assert.Equal(["spam", "ham"], labels);
        Assert.Equal(1.0, answers[0].GetProperty("result")[0].GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble()), 5);
        Assert.False(answers[1].GetProperty("ok").GetBoolean());
        Assert.Contains("is a classifier; it labels text rather than generating it", answers[1].GetProperty("error").GetString());
        Assert.Contains("it must be classify, generate, instruct or stats", answers[2].GetProperty("error").GetString());
        Assert.False(answers[3].GetProperty("ok").GetBoolean());
        Assert.Equal("spam", answers[4].GetProperty("result")[0].GetProperty("label").GetString());
        var stats = answers[5].GetProperty("result");
        // Loaded once; the refused generate and the second classify found it warm.
        Assert.Equal((1, 1, 2), (stats.GetProperty("models").GetInt32(), stats.GetProperty("misses").GetInt32(), stats.GetProperty("hits").GetInt32()));

        var classified = Ep.Run("classify", "--model", model, "--text", "message 93 the meeting notes", "--device", "cpu", "--json");
        Assert.True(classified.ExitCode == 0, classified.Stderr);
        Assert.Equal("ham", JsonDocument.Parse(classified.Stdout).RootElement.GetProperty("label").GetString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
