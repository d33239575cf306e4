using System.Text;
using ExperimentPlatform.Client;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Bench.Ui;

/// <summary>
/// What the UI benchmark's platform holds: datasets uploaded through the client, run rows written to the run table as run
/// grains write them (finished runs with metrics, the run list reads them on its next sync), a finished run whose log
/// holds 100,000 steps, and "running" runs whose logs the benchmark feeds as a worker would.
/// </summary>
internal sealed class Seed(PlatformStorage storage, DatasetsClient datasets, IClusterClient cluster, RunsClient runs)
{
    public const string Experiment = "bench-ui";
    private static readonly string[] Experiments = [.. Enumerable.Range(0, 40).Select(i => $"exp-{i:D2}")];
    private static readonly string[] Tags = ["baseline", "sweep", "ablation", "lr-scan", "long", "small"];

    public async Task<IReadOnlyList<string>> DatasetsAsync(int count)
    {
        var names = Enumerable.Range(0, count).Select(i => $"bench-data-{i:D5}").ToList();
        var existing = (await datasets.QueryAsync(new DatasetQuery { Search = "bench-data-", PageSize = 1 })).Total;
        if (existing >= count)
            return names;
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(names.Select(async (name, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var text = new StringBuilder();
                for (var d = 0; d < 12; d++)
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"text\": \"Dataset {i} document {d}: a short line about the sea and the ship.\"}}\n");
                await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
                await datasets.UploadAsync(name, "data.jsonl", content, new ImportRequest
                {
                    Version = "v1", Kind = DatasetKind.Text, SourceType = ImportSourceType.StagedUpload, Location = "", Actor = "bench",
                    Description = i % 7 == 0 ? "weekly crawl" : "",
                });
            }
            catch (DatasetConflictException)
            {
                // already there from an earlier seeding
            }
            finally
            {
                gate.Release();
            }
        }));
        return names;
    }

    /// <summary>Finished (and some failed or cancelled) runs with six metrics each, as rows of the run table.</summary>
    public async Task RunsAsync(int count, IReadOnlyList<string> datasetNames)
    {
        var store = new RunStore(storage);
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var status = (i % 20) switch { 0 => RunStatus.Failed, 1 => RunStatus.Cancelled, _ => RunStatus.Completed };
                var row = Finished($"run-bench-{i:D6}", status, start.AddMinutes(i * 4), datasetNames[i % datasetNames.Count], i, steps: 2000);
                await store.WriteAsync(row, default);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 409)
            {
                // already there
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>A finished run whose log holds <paramref name="steps"/> steps of five metrics (stored in batches of 10,000, as a worker's are compacted).</summary>
    public async Task<string> LongRunAsync(int steps, string dataset)
    {
        var id = $"run-bench-long-{steps}";
        var store = new RunStore(storage);
        if ((await store.ReadAsync(id)).Run is null)
            await store.WriteAsync(Finished(id, RunStatus.Completed, DateTimeOffset.UtcNow.AddHours(-6), dataset, 7, steps) with { Spec = new RunSpec { Dataset = dataset, Experiment = "bench-long", Name = "a 100,000-step run", Training = new TrainingSettings { Steps = steps } } }, default);
        var log = cluster.GetGrain<IRunEventsGrain>(id);
        if (await log.GetHeadAsync() >= steps)
            return id;
        for (var first = 1; first <= steps; first += 10_000)
            await log.AppendAsync([.. Enumerable.Range(first, Math.Min(10_000, steps - first + 1)).Select(s => Step(s))]);
        return id;
    }

    /// <summary>
    /// Finished runs for compare, a learning-rate sweep: <paramref name="count"/> rows (specs differing in learning rate,
    /// batch size and width) whose logs hold <paramref name="steps"/> steps each, every run's curve its own.
    /// </summary>
    public async Task<IReadOnlyList<string>> CompareRunsAsync(int count, int steps, string dataset)
    {
        var store = new RunStore(storage);
        var ids = new List<string>();
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var id = $"run-bench-cmp-{steps}-{i:D2}";
            lock (ids)
                ids.Add(id);
            await gate.WaitAsync();
            try
            {
                if ((await store.ReadAsync(id)).Run is null)
                    await store.WriteAsync(Finished(id, RunStatus.Completed, DateTimeOffset.UtcNow.AddHours(-3), dataset, i, steps) with
                    {
                        Spec = new RunSpec
                        {
                            Dataset = dataset, Experiment = "bench-compare", Name = $"sweep {i}", Model = new ModelShape { Width = 64 * (1 + i % 3) },
                            Training = new TrainingSettings { Steps = steps, LearningRate = 1e-4 * (1 + i), BatchSize = 8 << (i % 2) },
                        },
                    }, default);
                var log = cluster.GetGrain<IRunEventsGrain>(id);
                if (await log.GetHeadAsync() >= steps)
                    return;
                for (var first = 1; first <= steps; first += 10_000)
                    await log.AppendAsync([.. Enumerable.Range(first, Math.Min(10_000, steps - first + 1)).Select(s => Step(s, i))]);
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <summary>Tiny classifiers trained for real on the worker (from scratch, a few steps each): compare's side-by-side answers.</summary>
    public async Task<IReadOnlyList<string>> ClassifiersAsync(int count)
    {
        var name = "bench-spam";
        try
        {
            var csv = new StringBuilder("text,label\n");
            for (var i = 0; i < 200; i++)
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"{(i % 2 == 0 ? "win a free prize now" : "notes from the meeting")} {i}\",{(i % 2 == 0 ? "spam" : "ham")}\n");
            await using var content = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
            await datasets.UploadAsync(name, "spam.csv", content, new ImportRequest
            {
                Version = "v1", Kind = DatasetKind.Classification, SourceType = ImportSourceType.StagedUpload, Location = "", Actor = "bench",
            });
        }
        catch (DatasetConflictException)
        {
        }
        var existing = await runs.ListAsync(new RunQuery { Experiment = "bench-classifiers", Statuses = [RunStatus.Completed], PageSize = count });
        var ids = existing.Runs.Select(r => r.Id).ToList();
        while (ids.Count < count)
        {
            var run = await runs.LaunchAsync(new RunSpec
            {
                Kind = RunKind.Classify, Dataset = $"{name}@v1", Tokenizer = TokenizerNames.Bytes, Experiment = "bench-classifiers", Name = $"classifier-{ids.Count}",
                Model = new ModelShape { Layers = 2, Heads = 2, Width = 32, Context = 32 }, Seed = ids.Count + 1,
                Training = new TrainingSettings { Steps = 4, BatchSize = 4, EvalInterval = 0, WarmupSteps = 1, Threads = 1, LearningRate = 1e-3 * (1 + ids.Count) },
                Checkpoints = new CheckpointPolicy { EverySteps = 4, KeepLatest = 1 },
            }, "bench");
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await foreach (var _ in runs.WatchAsync(run.Id, 0, deadline.Token))
            {
            }
            var done = await runs.GetAsync(run.Id);
            if (done.Status != RunStatus.Completed)
                throw new InvalidOperationException($"classifier run {run.Id} ended {done.Status}: {done.Failure?.Error}");
            ids.Add(run.Id);
        }
        return ids;
    }

    /// <summary>Runs recorded as running (a worker trains them; here the benchmark writes their steps), for the live measurements.</summary>
    public async Task<IReadOnlyList<string>> LiveRunsAsync(int count, string dataset)
    {
        var store = new RunStore(storage);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = $"run-bench-live-{Guid.NewGuid():N}"[..28];
            var now = DateTimeOffset.UtcNow;
            var row = new RunDetails
            {
                Id = id, Spec = new RunSpec { Dataset = dataset, Experiment = "bench-live", Name = $"live {i}", Training = new TrainingSettings { Steps = 100_000 } },
                Status = RunStatus.Running, CreatedBy = "bench", CreatedAt = now, UpdatedAt = now, Attempt = 1,
                Dataset = new DatasetVersionRef(dataset, "v1", new string('0', 64)),
                Assignment = new RunAssignment { Attempt = 1, Silo = "bench", Slots = 1, Accelerator = "cpu" },
                Transitions = [new RunTransition(now, RunStatus.Starting, RunStatus.Running, "platform", "bench")],
            };
            await store.WriteAsync(row, default);
            await cluster.GetGrain<IRunEventsGrain>(id).AppendAsync([.. Enumerable.Range(1, 20).Select(s => Step(s))]);
            ids.Add(id);
        }
        return ids;
    }

    /// <summary>Waits until the run list holds what was written (its sync reads new rows every few seconds).</summary>
    public async Task WaitForListAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (true)
        {
            try
            {
                if ((await runs.ListAsync(new RunQuery { Search = "run-bench-", PageSize = 1 })).Total >= count)
                    return;
            }
            catch (TimeoutException e)
            {
                // The list activates by reading every row; on the emulator, at this size, that can outlast one call.
                Console.WriteLine($"the run list did not answer yet ({e.Message}); asking again");
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the run list did not reach {count} seeded runs in 15 min");
            await Task.Delay(1000);
        }
    }

    public static RunEvent Step(int step) => Step(step, 0);

    /// <summary>A step of run <paramref name="run"/> of a sweep: each run's loss falls at its own rate, with its own wiggle.</summary>
    public static RunEvent Step(int step, int run) => new()
    {
        Type = RunEventTypes.Step, Attempt = 1, Step = step, At = DateTimeOffset.UtcNow,
        Values = new Dictionary<string, double>
        {
            [MetricNames.TrainLoss] = 2 + (3.0 + run * 0.15) / Math.Sqrt(step) + 0.05 * Math.Sin(step / (37.0 + run)) + (run % 5) * 0.02, [MetricNames.LearningRate] = 1e-3,
            ["train/grad_norm"] = 1 + 0.1 * Math.Cos(step / 11.0), [MetricNames.TokensPerSecond] = 5000, [MetricNames.Tokens] = step * 1024.0,
        },
    };

    private static RunDetails Finished(string id, RunStatus status, DateTimeOffset created, string dataset, int i, int steps)
    {
        var evals = Enumerable.Range(1, 20).Select(k => new RunEvent
        {
            Type = RunEventTypes.Eval, Step = k * steps / 20,
            Values = new Dictionary<string, double>
            {
                [MetricNames.ValidationLoss] = 1.5 + (i % 97) / 100.0 + 2.0 / k, ["validation/perplexity"] = Math.Exp(1.5 + (i % 97) / 100.0 + 2.0 / k),
                ["validation/accuracy"] = 0.5 + (i % 41) / 100.0 + k / 100.0,
            },
        }).Append(new RunEvent { Type = RunEventTypes.Step, Step = steps, Values = Step(steps).Values });
        return new RunDetails
        {
            Id = id,
            Spec = new RunSpec
            {
                Dataset = dataset, Experiment = Experiments[i % Experiments.Length], Name = i % 3 == 0 ? $"sweep {i}" : null, Tags = [Tags[i % Tags.Length]],
                Description = i % 11 == 0 ? "warm start from the foundation" : "", Training = new TrainingSettings { Steps = steps },
            },
            Status = status, CreatedBy = i % 5 == 0 ? "alice" : "bob", CreatedAt = created, UpdatedAt = created.AddMinutes(30),
            Dataset = new DatasetVersionRef(dataset, "v1", new string('0', 64)),
            Progress = new RunProgress().With(evals),
        };
    }
}
