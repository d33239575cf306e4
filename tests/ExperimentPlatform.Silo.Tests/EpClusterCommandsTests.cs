using System.Diagnostics;
using System.Text.Json;

namespace ExperimentPlatform.Silo.Tests;

/// <summary>
/// <c>ep datasets</c> and <c>ep runs</c> as a newcomer uses them after <c>./run.sh</c>: real processes, the web host
/// co-hosting a worker silo (as run.sh starts it), ep connecting to its gateway.
/// </summary>
public sealed class EpClusterCommandsTests : IAsyncLifetime
{
    private static readonly string Storage = TestEnvironment.Storage;

    private readonly string _id = $"ep{Guid.NewGuid():N}"[..14];
    private readonly string _work = Directory.CreateTempSubdirectory("ep-cli-").FullName;
    private readonly int _gateway = PlatformProcess.FreePort();
    private PlatformProcess? _web;
    private Uri? _base;

    public async Task InitializeAsync()
    {
        var http = PlatformProcess.FreePort();
        _web = PlatformProcess.Start("ExperimentPlatform.Web", new Dictionary<string, string>
        {
            ["ConnectionStrings__Storage"] = Storage,
            ["Storage__DatasetContainer"] = $"datasets-{_id}", ["Storage__DatasetTable"] = $"datasets{_id}",
            ["Storage__RunContainer"] = $"runs-{_id}", ["Storage__RunTable"] = $"runs{_id}", ["Storage__ModelTable"] = $"models{_id}",
            ["Orleans__ClusterId"] = _id, ["Orleans__ServiceId"] = _id,
            ["Orleans__SiloPort"] = PlatformProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = _gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Catalog__ImportOnStart"] = "false", ["Silo__Slots"] = "2", ["Worker__Directory"] = Path.Combine(_work, "worker"),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{http}",
        });
        _base = new Uri($"http://127.0.0.1:{http}");
        using var client = new HttpClient { BaseAddress = _base };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the web host did not start\n" + _web.Output);
    }

    [Fact]
    public void A_newcomer_uploads_a_dataset_launches_a_run_waits_for_it_and_lists_it()
    {
        var file = Path.Combine(_work, "notes.txt");
        File.WriteAllText(file, string.Join("\n", Enumerable.Range(0, 400).Select(i => $"Note {i}: the quick brown fox jumps over the lazy dog {i % 7} times.")));

        var (code, stdout, stderr) = Ep("datasets", "upload", file, "--name", "notes", "--version", "v1", "--kind", "text", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal("v1", JsonDocument.Parse(stdout).RootElement.GetProperty("name").GetString());

        (code, stdout, stderr) = Ep("runs", "launch", "--data", "notes@v1", "--tokenizer", "bytes", "--layers", "2", "--heads", "2", "--width", "32",
            "--context", "32", "--batch-size", "4", "--steps", "12", "--eval-interval", "6", "--eval-batches", "2", "--threads", "1", "--experiment", "newcomer",
            "--wait", "--json");
        Assert.True(code == 0, stderr + stdout);
        var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var id = events[0].GetProperty("id").GetString()!;
        var steps = events.Where(e => e.GetProperty("event").GetString() == "step").ToList();
        Assert.Equal(Enumerable.Range(1, 12), steps.Select(s => s.GetProperty("step").GetInt32()));
        Assert.All(steps, s => Assert.True(double.IsFinite(s.GetProperty("loss").GetDouble())));

        (code, stdout, _) = Ep("runs", "list", "--experiment", "newcomer", "--json");
        Assert.Equal(0, code);
        var listed = JsonDocument.Parse(stdout).RootElement.GetProperty("runs")[0];
        Assert.Equal((id, "completed"), (listed.GetProperty("id").GetString(), listed.GetProperty("status").GetString()));

        // A bad launch is refused with the field and nothing else happens.
        (code, _, stderr) = Ep("runs", "launch", "--data", "notes@v1", "--lr", "-1");
        Assert.Equal(2, code);
        Assert.Contains("training.learningRate: must be a finite number above 0, got -1", stderr);
        (code, _, stderr) = Ep("runs", "show", "run-nobody");
        Assert.Equal(2, code);
        Assert.Contains("no run 'run-nobody'", stderr);

        // The finished run becomes a model version; a second run starts from it by name, and lineage shows both.
        (code, stdout, stderr) = Ep("models", "register", "notes-lm", "--run", id, "--latest", "--json");
        Assert.True(code == 0, stderr + stdout);
        Assert.Equal((1, 12), (JsonDocument.Parse(stdout).RootElement.GetProperty("version").GetInt32(),
            JsonDocument.Parse(stdout).RootElement.GetProperty("checkpoint").GetProperty("step").GetInt32()));
        (code, stdout, stderr) = Ep("runs", "launch", "--data", "notes@v1", "--tokenizer", "bytes", "--batch-size", "4", "--steps", "3", "--eval-interval", "3",
            "--eval-batches", "2", "--threads", "1", "--start-model", "notes-lm@v1", "--wait", "--json");
        Assert.True(code == 0, stderr + stdout);
        var child = JsonDocument.Parse(stdout.Split('\n')[0]).RootElement.GetProperty("id").GetString()!;
        // Two short notes files make no validation split: "best" has nothing to rank by, and says so.
        (code, _, stderr) = Ep("models", "register", "notes-lm-more", "--run", child);
        Assert.Equal(2, code);
        Assert.Contains("carries evaluation figures", stderr);
        (code, stdout, stderr) = Ep("models", "register", "notes-lm-more", "--run", child, "--latest");
        Assert.True(code == 0, stderr + stdout);
        (code, stdout, stderr) = Ep("models", "lineage", "notes-lm-more", "--json");
        Assert.True(code == 0, stderr + stdout);
        var lineage = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("notes-lm", lineage.GetProperty("ancestors")[0].GetProperty("version").GetProperty("model").GetString());
        Assert.Equal("foundation", lineage.GetProperty("version").GetProperty("task").GetString());
        (code, stdout, _) = Ep("models", "list");
        Assert.Equal(0, code);
        Assert.Contains("notes-lm-more", stdout);
        (code, _, stderr) = Ep("models", "show", "notes-lm@production");
        Assert.Equal(2, code);
        Assert.Contains("model 'notes-lm' has no alias 'production'", stderr);
        // The gate evaluates on the data's test split; two short notes have none, so it fails and says why.
        (code, stdout, stderr) = Ep("models", "promote", "notes-lm@v1", "--alias", "production", "--wait");
        Assert.True(code == 1, stderr + stdout);
        Assert.Contains("GateFailed", stdout);
        Assert.Contains("reported no test/perplexity", stdout);
        (code, stdout, _) = Ep("models", "audit", "notes-lm", "--json");
        Assert.Equal(0, code);
        Assert.Equal("gate-failed", JsonDocument.Parse(stdout).RootElement.GetProperty("entries")[0].GetProperty("action").GetString());
        (code, _, stderr) = Ep("models", "register", "notes-lm", "--run", id, "--step", "5");
        Assert.Equal(2, code);
        Assert.Contains("step: run " + id + " has no checkpoint at step 5", stderr);

        // Inference on the platform's worker by model reference; --json names the version that answered.
        (code, stdout, stderr) = Ep("generate", "--model", "notes-lm@v1", "--prompt", "Note", "--max-tokens", "5", "--temperature", "0", "--json");
        Assert.True(code == 0, stderr + stdout);
        var generated = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("notes-lm@v1", generated.GetProperty("model").GetString());
        Assert.True(generated.GetProperty("text").GetString()!.Length > 0);
        (code, _, stderr) = Ep("classify", "--model", "notes-lm", "--text", "hello");
        Assert.Equal(2, code);
        Assert.Contains("model: notes-lm@v1 is a foundation model; classify works with classifier models", stderr);

        // Out as a Hugging Face folder and in again as another foundation, through the import run.
        var exported = Path.Combine(_work, "notes-lm-hf");
        (code, stdout, stderr) = Ep("models", "export", "notes-lm@v1", "--out", exported);
        Assert.True(code == 0, stderr + stdout);
        Assert.Equal(["config.json", "model.safetensors"], Directory.GetFiles(exported).Select(Path.GetFileName).Order());
        (code, stdout, stderr) = Ep("models", "import", "notes-hf", "--from", exported, "--dataset", "notes@v1", "--tokenizer", "bytes", "--json");
        Assert.True(code == 0, stderr + stdout);
        var imported = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(("registered", 1), (imported.GetProperty("status").GetString(), imported.GetProperty("version").GetInt32()));
        (code, _, stderr) = Ep("models", "import", "notes-hf", "--from", Path.Combine(_work, "notes.txt"), "--dataset", "notes@v1");
        Assert.Equal(2, code);
        Assert.Contains("is not a zip file", stderr);
    }

    [Fact]
    public async Task Runs_sharing_a_worker_do_not_touch_each_other_and_a_native_crash_fails_only_its_own_run()
    {
        File.WriteAllText(Path.Combine(_work, "notes.jsonl"), string.Join("\n", Enumerable.Range(0, 300).Select(i => $"{{\"text\": \"Note {i}: the fox jumps {i % 7} times.\"}}")));
        Assert.Equal(0, Ep("datasets", "upload", Path.Combine(_work, "notes.jsonl"), "--name", "notes", "--version", "v1", "--kind", "text").Code);
        string[] Tiny(int seed, int steps) => ["--data", "notes@v1", "--tokenizer", "bytes", "--layers", "2", "--heads", "2", "--width", "32", "--context", "32",
            "--batch-size", "4", "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--eval-interval", "0", "--eval-batches", "2",
            "--threads", "1", "--checkpoint-interval", "0", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"];
        List<double> Losses(string stdout) => [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "step").Select(e => e.GetProperty("loss").GetDouble())];

        // Each alone, then both at once on the same worker (2 slots): the same losses at every step.
        var aloneA = Losses(Ep(["runs", "launch", .. Tiny(1, 40), "--wait"]).Stdout);
        var aloneB = Losses(Ep(["runs", "launch", .. Tiny(2, 40), "--wait"]).Stdout);
        var together = new[] { 1, 2 }.AsParallel().Select(seed => Losses(Ep(["runs", "launch", .. Tiny(seed, 40), "--wait"]).Stdout)).ToList();
        Assert.Equal(40, aloneA.Count);
        Assert.Contains(together, l => l.SequenceEqual(aloneA));
        Assert.Contains(together, l => l.SequenceEqual(aloneB));

        // One of two runs on the worker dies abruptly (its process is killed, as the OOM killer or a native crash ends
        // it): that run fails, the other finishes, the worker stays.
        var victim = JsonDocument.Parse(Ep(["runs", "launch", .. Tiny(3, 100_000)]).Stdout.Split('\n')[0]).RootElement.GetProperty("id").GetString()!;
        var survivor = new Thread(() => _survivor = Ep(["runs", "launch", .. Tiny(4, 60), "--wait"]));
        survivor.Start();
        var pid = await TrainingProcessOfAsync(victim);
        using (var abort = Process.Start("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            abort.WaitForExit();
        survivor.Join();
        Assert.True(_survivor.Code == 0, _survivor.Stderr + _survivor.Stdout);
        var shown = await Testing.Eventually.WaitForAsync(() => Task.FromResult(JsonDocument.Parse(Ep("runs", "show", victim, "--json").Stdout).RootElement),
            r => r.GetProperty("status").GetString() == "failed", $"run {victim} to fail once its process was killed", TimeSpan.FromSeconds(10));
        Assert.Contains("exited with code", shown.GetProperty("failure").GetProperty("error").GetString());
        Assert.False(_web!.HasExited);
    }

    private (int Code, string Stdout, string Stderr) _survivor;

    /// <summary>The pid of the process training <paramref name="runId"/>, as the run's log (its event stream) names it.</summary>
    private async Task<int> TrainingProcessOfAsync(string runId)
    {
        var started = new System.Text.RegularExpressions.Regex("training process (\\d+) started");
        using var http = new HttpClient { BaseAddress = _base, Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            using var response = await http.GetAsync($"/api/runs/{runId}/events", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
                if (started.Match(line) is { Success: true } match)
                    return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (OperationCanceledException)
        {
        }
        throw new TimeoutException($"waited 60 s for run {runId}'s log to name its training process\n{_web?.Output}");
    }

    private (int Code, string Stdout, string Stderr) Ep(params string[] arguments)
    {
        var dll = Path.Combine(PlatformProcess.BuildOutputOf("ExperimentPlatform.Cli"), "ep.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["EP_CLUSTER"] = $"127.0.0.1:{_gateway}";
        start.Environment["EP_CLUSTER_ID"] = _id;
        start.Environment["EP_SERVICE_ID"] = _id;
        start.Environment["EP_TOKEN_CACHE"] = "off";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ep {string.Join(' ', arguments)} did not finish\n{_web?.Output}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public Task DisposeAsync()
    {
        _web?.Dispose();
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }
}
