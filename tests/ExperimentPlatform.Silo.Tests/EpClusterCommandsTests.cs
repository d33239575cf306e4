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

    public async Task InitializeAsync()
    {
        var http = PlatformProcess.FreePort();
        _web = PlatformProcess.Start("ExperimentPlatform.Web", new Dictionary<string, string>
        {
            ["ConnectionStrings__Storage"] = Storage,
            ["Storage__DatasetContainer"] = $"datasets-{_id}", ["Storage__DatasetTable"] = $"datasets{_id}",
            ["Storage__RunContainer"] = $"runs-{_id}", ["Storage__RunTable"] = $"runs{_id}",
            ["Orleans__ClusterId"] = _id, ["Orleans__ServiceId"] = _id,
            ["Orleans__SiloPort"] = PlatformProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = _gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Catalog__ImportOnStart"] = "false", ["Silo__Slots"] = "1", ["Worker__Directory"] = Path.Combine(_work, "worker"),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{http}",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
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
