using ExperimentPlatform.Client;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>Data the page tests need, made through the typed client (faster than through the pages, which the journey covers).</summary>
public static class Fixtures
{
    public static async Task<string> TextDatasetAsync(BrowserPlatform platform, string prefix = "corpus")
    {
        var name = Samples.NewName(prefix);
        await using var content = new MemoryStream(Samples.Corpus());
        await platform.Services.GetRequiredService<DatasetsClient>().UploadAsync(name, "corpus.jsonl", content, new ImportRequest
        {
            Version = "v1", Kind = DatasetKind.Text, SourceType = ImportSourceType.StagedUpload, Location = "", Actor = BrowserPlatform.Admin,
        });
        return name;
    }

    public static async Task<string> SpamDatasetAsync(BrowserPlatform platform)
    {
        var name = Samples.NewName("spam");
        await using var content = new MemoryStream(Samples.SpamCsv());
        await platform.Services.GetRequiredService<DatasetsClient>().UploadAsync(name, "spam.csv", content, new ImportRequest
        {
            Version = "v1", Kind = DatasetKind.Classification, SourceType = ImportSourceType.StagedUpload, Location = "", Actor = BrowserPlatform.Admin,
        });
        return name;
    }

    /// <summary>A classifier fine-tune of <paramref name="start"/> on <paramref name="dataset"/>, run to its end.</summary>
    public static async Task<RunDetails> CompletedClassifierAsync(BrowserPlatform platform, string dataset, string start, double learningRate, string experiment)
    {
        var runs = platform.Services.GetRequiredService<RunsClient>();
        var run = await runs.LaunchAsync(new RunSpec
        {
            Kind = RunKind.Classify, Dataset = dataset, Tokenizer = TokenizerNames.Bytes, Experiment = experiment, Name = Samples.NewName("pair"),
            Start = new StartingPoint { Run = start },
            Training = new TrainingSettings { Steps = 8, BatchSize = 4, EvalInterval = 4, EvalBatches = 2, WarmupSteps = 2, Threads = 1, LearningRate = learningRate },
            Checkpoints = new CheckpointPolicy { EverySteps = 4, KeepLatest = 2 },
        }, BrowserPlatform.Admin);
        return await WaitAsync(runs, run.Id);
    }

    private static async Task<RunDetails> WaitAsync(RunsClient runs, string id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var _ in runs.WatchAsync(id, 0, deadline.Token))
        {
        }
        return await runs.GetAsync(id);
    }

    /// <summary>A tiny pretraining (a few seconds on one thread), run to its end.</summary>
    public static async Task<RunDetails> CompletedRunAsync(BrowserPlatform platform, string dataset, string experiment = "browser")
    {
        var runs = platform.Services.GetRequiredService<RunsClient>();
        var run = await runs.LaunchAsync(new RunSpec
        {
            Dataset = dataset, Tokenizer = TokenizerNames.Bytes, Experiment = experiment, Name = Samples.NewName("tiny"),
            Model = new ModelShape { Layers = 2, Heads = 2, Width = 32, Context = 32 },
            Training = new TrainingSettings { Steps = 12, BatchSize = 4, EvalInterval = 4, EvalBatches = 2, WarmupSteps = 2, Threads = 1 },
            Checkpoints = new CheckpointPolicy { EverySteps = 4, KeepLatest = 2 },
        }, BrowserPlatform.Admin);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var _ in runs.WatchAsync(run.Id, 0, deadline.Token))
        {
        }
        return await runs.GetAsync(run.Id);
    }
}
