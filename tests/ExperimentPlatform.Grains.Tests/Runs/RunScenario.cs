using System.Text;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

/// <summary>Datasets and specs for run tests: small enough that a tiny model trains a few steps in seconds.</summary>
internal sealed class RunScenario(ClusterFixture fixture) : IDisposable
{
    private readonly DatasetScenario _datasets = new(fixture);
    private readonly List<string> _launched = [];

    public IGrainFactory Grains => fixture.Grains;

    public IRunGrain Run(string id) => fixture.Grains.GetGrain<IRunGrain>(id);

    public IRunEventsGrain Events(string id) => fixture.Grains.GetGrain<IRunEventsGrain>(id);

    public IRunSchedulerGrain Scheduler => fixture.Grains.GetGrain<IRunSchedulerGrain>(IRunSchedulerGrain.Key);

    /// <summary>A text dataset of 300 short documents (JSONL), so validation and test splits hold a few each.</summary>
    public async Task<string> TextDatasetAsync(string prefix = "corpus", string salt = "")
    {
        var name = DatasetScenario.NewName(prefix);
        var text = new StringBuilder();
        for (var i = 0; i < 300; i++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{{\"text\": \"Document {i} tells of the whale number {i % 17} and the sea {i % 5}; the ship sailed on and on.{salt}\"}}\n");
        var path = _datasets.WriteFile($"{name}.jsonl", text.ToString());
        await _datasets.Dataset(name).ImportAsync(DatasetScenario.FromPath(path, DatasetKind.Text));
        return name;
    }

    public async Task<string> ClassificationDatasetAsync(string prefix = "mail", string[]? labels = null)
    {
        labels ??= ["spam", "ham"];
        var name = DatasetScenario.NewName(prefix);
        var csv = new StringBuilder("text,label\n");
        for (var i = 0; i < 60; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"message {i} about {(i % 2 == 0 ? "cheap pills now" : "the meeting notes")}\",{labels[i % labels.Length]}\n");
        var path = _datasets.WriteFile($"{name}.csv", csv.ToString());
        await _datasets.Dataset(name).ImportAsync(DatasetScenario.FromPath(path, DatasetKind.Classification));
        return name;
    }

    public async Task<string> InstructionDatasetAsync(string prefix = "tasks")
    {
        var name = DatasetScenario.NewName(prefix);
        var jsonl = new StringBuilder();
        for (var i = 0; i < 60; i++)
            jsonl.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{{\"instruction\": \"Name the colour of thing {i % 6}.\", \"input\": \"\", \"output\": \"{(i % 2 == 0 ? "red" : "blue")}\"}}\n");
        var path = _datasets.WriteFile($"{name}.jsonl", jsonl.ToString());
        await _datasets.Dataset(name).ImportAsync(DatasetScenario.FromPath(path, DatasetKind.Instruction));
        return name;
    }

    /// <summary>A registered classifier with two versions of one 6-step run: v1 from step 3, v2 from step 6.</summary>
    public async Task<string> TwoVersionClassifierAsync(string prefix)
    {
        var mail = await ClassificationDatasetAsync(prefix);
        var run = await WaitForAsync((await LaunchAsync(TinySpec(mail, steps: 6) with { Kind = RunKind.Classify })).Id, RunStatus.Completed);
        var name = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var model = Grains.GetGrain<IModelGrain>(name);
        await model.RegisterVersionAsync(new() { Run = run.Id, Choice = CheckpointChoice.Step, Step = 3 }, "test:alice");
        await model.RegisterVersionAsync(new() { Run = run.Id, Choice = CheckpointChoice.Latest }, "test:alice");
        return name;
    }

    /// <summary>Waits until a promotion request's gate decided (the request left Evaluating).</summary>
    public async Task<PromotionRequest> GateAsync(string name, int request)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var current = await Grains.GetGrain<IModelGrain>(name).GetPromotionAsync(request);
            if (current.Status != PromotionStatus.Evaluating)
                return current;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"promotion #{request} of {name} still evaluating");
            await Task.Delay(200);
        }
    }

    /// <summary>A tiny pretraining spec (bytes tokenizer, 2 layers, context 32) that trains in a few seconds on one thread.</summary>
    public static RunSpec TinySpec(string dataset, int steps = 6) => new()
    {
        Kind = RunKind.Pretrain,
        Dataset = dataset,
        Tokenizer = TokenizerNames.Bytes,
        Model = new ModelShape { Config = "tiny", Layers = 2, Heads = 2, Width = 32, Context = 32 },
        Training = new TrainingSettings
        {
            Steps = steps, BatchSize = 4, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = 2, EvalInterval = 3, EvalBatches = 2, Threads = 1,
        },
        Checkpoints = new CheckpointPolicy { EverySteps = 3, KeepLatest = 2 },
        Experiment = "tests",
    };

    public static string NewRunId() => RunIds.New(DateTimeOffset.UtcNow);

    public async Task<RunDetails> LaunchAsync(RunSpec spec, string? id = null)
    {
        var run = await Run(id ?? NewRunId()).LaunchAsync(spec, "test:alice");
        lock (_launched)
            _launched.Add(run.Id);
        return run;
    }

    /// <summary>Waits until the run reaches <paramref name="status"/> (or any terminal status, which fails the wait if different).</summary>
    public async Task<RunDetails> WaitForAsync(string id, RunStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var run = await Run(id).GetAsync();
            if (run.Status == status)
                return run;
            if (run.Status.IsTerminal() || DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException(
                    $"run {id} is {run.Status} (step {run.Progress.Step}), expected {status}; {run.Failure?.Error} {string.Join(" | ", run.Failure?.LastLogLines ?? [])}"
                    + $"\nwaiting: {run.Waiting}\n{await DescribeSchedulerAsync()}");
            await Task.Delay(100);
        }
    }

    public async Task WaitUntilStepAsync(string id, int step) =>
        await WaitUntilAsync(async () => (await Events(id).GetLatestAsync()).TryGetValue("train/loss", out var p) && p.Step >= step, $"run {id} to report step {step}");

    /// <summary><see cref="ExperimentPlatform.Testing.Eventually"/>: waits with a deadline; <paramref name="what"/> names the condition in the failure.</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        ExperimentPlatform.Testing.Eventually.WaitUntilAsync(condition, what, timeout);

    /// <summary>The bytes of the run's final weights (model.safetensors of its latest checkpoint) in Blob storage.</summary>
    public async Task<byte[]> FinalWeightsAsync(RunDetails run)
    {
        var checkpoint = run.LatestCheckpoint!;
        var blob = fixture.Storage.RunContainer.GetBlobClient(checkpoint.Prefix + "model.safetensors");
        return (await blob.DownloadContentAsync()).Value.Content.ToArray();
    }

    /// <summary>The run's step losses, by step, from its stored series.</summary>
    public async Task<List<MetricPoint>> LossesAsync(string id) => [.. (await Events(id).GetSeriesAsync("train/loss", 100_000)).Points];

    /// <summary>What the scheduler holds: for a failing wait's message.</summary>
    public async Task<string> DescribeSchedulerAsync()
    {
        var view = await Scheduler.GetViewAsync();
        return $"scheduler: workers [{string.Join(", ", view.Workers.Select(w => $"{w.Silo} {w.Accelerator} {w.UsedSlots}/{w.Slots}"))}], "
            + $"running [{string.Join(", ", view.Running.Select(r => $"{r.Key} on {r.Value.Silo}"))}], queue [{string.Join(", ", view.Queue.Select(q => $"{q.RunId} p{q.Priority}: {q.Waiting}"))}]";
    }

    /// <summary>
    /// Cancels the runs this scenario launched that are still going, so a failed test leaves no run holding a slot
    /// (the fixture's two slots are shared by every test that follows).
    /// </summary>
    public void Dispose()
    {
        Task.Run(CancelLeftoversAsync).GetAwaiter().GetResult();
        _datasets.Dispose();
    }

    private async Task CancelLeftoversAsync()
    {
        List<string> launched;
        lock (_launched)
            launched = [.. _launched];
        foreach (var id in launched)
        {
            try
            {
                if (!(await Run(id).GetAsync()).Status.IsTerminal())
                    await Run(id).CancelAsync("test:alice", "the test ended");
            }
            catch (RunStateException)
            {
                // It ended meanwhile.
            }
        }
    }
}
