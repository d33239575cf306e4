using System.Diagnostics;
using System.Text;
using ExperimentPlatform.Client;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace ExperimentPlatform.Silo.Tests;

/// <summary>
/// Failover with real processes: Azurite, worker silos and the web host, each its own process; runs launched through
/// the client. The silo executing a run is killed (SIGKILL) or stopped (SIGTERM); the run must finish on the other
/// worker with the per-step losses and final weights of an uninterrupted run of the same spec, and no step twice.
/// </summary>
public sealed class RunFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Storage = TestEnvironment.Storage;

    private readonly string _clusterId = $"fo-{Guid.NewGuid():N}"[..15];
    private readonly string _work = Directory.CreateTempSubdirectory("ep-failover-").FullName;
    private readonly Dictionary<int, PlatformProcess> _workers = [];
    private readonly List<PlatformProcess> _processes = [];
    private IHost? _client;

    private RunsClient Runs => _client!.Services.GetRequiredService<RunsClient>();

    public async Task InitializeAsync()
    {
        // The web host co-hosts the control silo (no slots): the stable gateway clients use, as in a deployment.
        int controlPort = PlatformProcess.FreePort(), controlGateway = PlatformProcess.FreePort();
        _webPort = PlatformProcess.FreePort();
        _processes.Add(PlatformProcess.Start("ExperimentPlatform.Web", new Dictionary<string, string>(Common(controlPort, controlGateway))
        {
            ["Platform__Mode"] = "local", ["Silo__Role"] = "control", ["Silo__Slots"] = "0", ["Catalog__ImportOnStart"] = "false",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_webPort}",
        }));
        _gateways.Add(controlGateway);
        StartWorker();
        StartWorker();
        await new MembershipTable(Storage, _clusterId).WaitForAsync(
            s => s.GetValueOrDefault(controlPort) == "Active" && _workers.Keys.All(p => s.GetValueOrDefault(p) == "Active"), TimeSpan.FromSeconds(60), Logs);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?> { ["ExperimentPlatform:ClusterId"] = _clusterId, ["ExperimentPlatform:ServiceId"] = _clusterId };
        var i = 0;
        foreach (var gateway in _gateways)
            settings[$"ExperimentPlatform:Gateways:{i++}"] = $"127.0.0.1:{gateway}";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddExperimentPlatformClient(builder.Configuration);
        _client = builder.Build();
        await _client.StartAsync();
    }

    private readonly List<int> _gateways = [];
    private int _webPort;

    private Dictionary<string, string> Common(int siloPort, int gateway) => new()
    {
        ["ConnectionStrings__Storage"] = Storage,
        ["Storage__DatasetContainer"] = $"datasets-{_clusterId}",
        ["Storage__DatasetTable"] = $"datasets{_clusterId.Replace("-", "", StringComparison.Ordinal)}",
        ["Storage__RunContainer"] = $"runs-{_clusterId}",
        ["Storage__RunTable"] = $"runs{_clusterId.Replace("-", "", StringComparison.Ordinal)}",
        ["Orleans__ClusterId"] = _clusterId,
        ["Roles__Grants__0__Actor"] = "test:alice", ["Roles__Grants__0__Roles__0"] = "Admin",
        ["Orleans__ServiceId"] = _clusterId,
        ["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans__GatewayPort"] = gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
    };

    private PlatformProcess StartWorker()
    {
        var siloPort = PlatformProcess.FreePort();
        var process = PlatformProcess.Start("ExperimentPlatform.Silo", new Dictionary<string, string>(Common(siloPort, PlatformProcess.FreePort()))
        {
            ["Silo__Role"] = "worker",
            ["Silo__Slots"] = "1",
            ["Worker__Directory"] = Path.Combine(_work, $"worker-{siloPort}"),
        });
        _workers[siloPort] = process;
        _processes.Add(process);
        return process;
    }

    [Fact]
    public async Task A_run_whose_worker_is_killed_or_stopped_finishes_on_another_worker_exactly_as_if_uninterrupted()
    {
        var dataset = await ImportCorpusAsync();
        var spec = new RunSpec
        {
            Dataset = dataset, Tokenizer = TokenizerNames.Bytes,
            Model = new ModelShape { Config = "tiny", Layers = 2, Heads = 2, Width = 32, Context = 32 },
            Training = new TrainingSettings { Steps = 400, BatchSize = 4, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = 5, EvalInterval = 50, EvalBatches = 2, Threads = 1 },
            Checkpoints = new CheckpointPolicy { EverySteps = 20, KeepLatest = 2 },
        };
        var reference = await CompleteAsync((await Runs.LaunchAsync(spec, "test:alice")).Id);
        var expectedLosses = await LossesAsync(reference.Id);
        var expectedWeights = await WeightsAsync(reference);
        Assert.Equal(400, expectedLosses.Count);

        // SIGKILL: no goodbye; membership declares the silo dead, the watchdog requeues, the run resumes from step 20k.
        var killed = await Runs.LaunchAsync(spec, "test:alice");
        var victim = await RunningPastAsync(killed.Id, 45);
        var clock = Stopwatch.StartNew();
        victim.KillHardAlone();
        var afterKill = await CompleteAsync(killed.Id);
        output.WriteLine($"kill -9: attempts {afterKill.Attempt}, resumed after {await ResumeDelayAsync(killed.Id, clock.Elapsed):F1} s");
        Assert.True(afterKill.Attempt >= 2);
        Assert.Equal(expectedLosses, await LossesAsync(killed.Id));
        Assert.Equal(expectedWeights, await WeightsAsync(afterKill));

        // SIGTERM: the worker checkpoints the run and hands it back before it leaves; nothing is lost.
        StartWorker();
        var stopped = await Runs.LaunchAsync(spec, "test:alice");
        var leaving = await RunningPastAsync(stopped.Id, 45);
        leaving.Terminate();
        Assert.True(await leaving.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the stopped worker did not exit\n" + Logs());
        var afterStop = await CompleteAsync(stopped.Id);
        var handBack = (await Runs.GetAsync(stopped.Id)).Transitions.First(t => t.To == RunStatus.Queued && t.From == RunStatus.Running);
        Assert.Contains("handed back after a checkpoint", handBack.Reason);
        Assert.Equal(expectedLosses, await LossesAsync(stopped.Id));
        Assert.Equal(expectedWeights, await WeightsAsync(afterStop));

        // The web host serves the same runs over HTTP.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_webPort}") };
        var json = await http.GetStringAsync($"/api/runs/{stopped.Id}");
        Assert.Contains("\"status\": \"completed\"", json.Replace("\":\"", "\": \"", StringComparison.Ordinal));
    }

    private async Task<string> ImportCorpusAsync()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 300; i++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"text\": \"Document {i} tells of the whale number {i % 17} and the sea {i % 5}.\"}}\n");
        var path = Path.Combine(_work, "corpus.jsonl");
        await File.WriteAllTextAsync(path, text.ToString());
        await _client!.Services.GetRequiredService<DatasetsClient>().ImportAsync("corpus", new ImportRequest
        {
            Version = "v1", Kind = DatasetKind.Text, SourceType = ImportSourceType.LocalPath, Location = path, Actor = "test:alice",
        });
        return "corpus@v1";
    }

    /// <summary>Waits until the run trained past <paramref name="step"/>; returns the worker process executing it.</summary>
    private async Task<PlatformProcess> RunningPastAsync(string id, int step)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var run = await Runs.GetAsync(id);
            if (run.Status == RunStatus.Running && run.Progress.Step >= step && run.Checkpoints.Count > 0)
            {
                var port = int.Parse(run.Assignment!.Silo.Split(':')[1].Split('@')[0], System.Globalization.CultureInfo.InvariantCulture);
                return _workers[port];
            }
            Assert.False(run.Status.IsTerminal(), $"run {id} ended early: {run.Status} {run.Failure?.Error}\n{Logs()}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"run {id} did not pass step {step}\n{Logs()}");
    }

    private async Task<RunDetails> CompleteAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            RunDetails run;
            try
            {
                run = await Runs.GetAsync(id);
            }
            catch (TimeoutException e)
            {
                // Seen once under a loaded full suite: a status read right after kill -9 waited out the client's 30 s.
                // What this test asserts is the run's completion and exactness; the slow read is reported, not hidden.
                output.WriteLine($"{DateTime.UtcNow:O} status of {id}: {e.Message}; asking again");
                continue;
            }
            if (run.Status == RunStatus.Completed)
                return run;
            Assert.False(run.Status.IsTerminal(), $"run {id} ended {run.Status}: {run.Failure?.Error}\n{string.Join("\n", run.Failure?.LastLogLines ?? [])}\n{Logs()}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"run {id} did not complete\n{Logs()}");
    }

    /// <summary>Seconds from the kill to the first step the next attempt trained.</summary>
    private async Task<double> ResumeDelayAsync(string id, TimeSpan sinceKill)
    {
        var page = await Runs.ReadEventsAsync(id, 0, 100_000, TimeSpan.Zero);
        var last = page.Events.Max(e => e.Attempt);
        var firstStep = page.Events.First(e => e.Attempt == last && e.Type == "step").At;
        var killedAt = DateTimeOffset.UtcNow - sinceKill;
        return (firstStep - killedAt).TotalSeconds;
    }

    private async Task<List<MetricPoint>> LossesAsync(string id) => [.. (await Runs.GetSeriesAsync(id, "train/loss", 100_000)).Points];

    /// <summary>The bytes of the run's final weights in Blob storage.</summary>
    private async Task<byte[]> WeightsAsync(RunDetails run)
    {
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(Storage,
            new Azure.Storage.Blobs.BlobClientOptions(Azure.Storage.Blobs.BlobClientOptions.ServiceVersion.V2026_06_06));
        var checkpoint = run.LatestCheckpoint!;
        Assert.Equal(400, checkpoint.Step);
        var blob = blobs.GetBlobContainerClient($"runs-{_clusterId}").GetBlobClient(checkpoint.Prefix + "model.safetensors");
        return (await blob.DownloadContentAsync()).Value.Content.ToArray();
    }

    private string Logs() => string.Join("\n---\n", _processes.Select(p => p.Output[Math.Max(0, p.Output.Length - 4000)..]));

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync(TimeSpan.FromSeconds(5));
            _client.Dispose();
        }
        foreach (var process in _processes)
            process.Dispose();
        Directory.Delete(_work, recursive: true);
    }
}
