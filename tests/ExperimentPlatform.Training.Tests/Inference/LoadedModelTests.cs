using ExperimentPlatform.Runs;
using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Engine;
using ExperimentPlatform.Training.Generation;
using ExperimentPlatform.Training.Inference;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Tests.Engine;
using ExperimentPlatform.Training.Tokenization;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Tests.Inference;

/// <summary>Trained checkpoints served for inference: the same answers as training's evaluation, and a bounded cache.</summary>
public sealed class LoadedModelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-infer-").FullName;

    private string Train(RunKind kind, List<TrainingExample> data, string name, out TrainingSummary summary)
    {
        using var trainer = Trainer.Start(new RunSetup
        {
            Options = new TrainingOptions
            {
                Kind = kind, Steps = 8, BatchSize = 8, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = 2, EvalInterval = 0, EvalBatches = 2,
                EvalExamples = 4, Seed = 3, MaxLength = 48,
            },
            Tokenizer = ByteTokenizer.Shared,
            Data = data,
            Model = new GptConfig { VocabularySize = 257, ContextLength = 64, Layers = 2, Heads = 2, Embedding = 64 },
        });
        summary = trainer.Run(Path.Combine(_folder, name), new NullObserver());
        return Path.Combine(_folder, name);
    }

    [Fact]
    public void A_classifier_labels_texts_as_its_own_evaluation_did_with_probabilities_that_sum_to_one()
    {
        var data = RealData.SpamAssassin(30);
        var run = Train(RunKind.Classify, data, "spam", out var summary);
        var test = data.Where(e => e.Split == DataSplit.Test).ToList();

        using var model = LoadedModel.Load(run, CPU);
        var labels = model.Classify([.. test.Select(e => e.Text!)], batchSize: 5);

        var accuracy = labels.Zip(test).Count(p => p.First.Label == p.Second.Label) / (double)test.Count;
        Assert.Equal(summary.FinalEvaluation.Single(e => e.Split == "test").Metrics["accuracy"], accuracy, 9);
        Assert.All(labels, l => Assert.Equal(1.0, l.Probabilities.Values.Sum(), 5));
        Assert.All(labels, l => Assert.Equal(l.Probabilities.MaxBy(p => p.Value).Key, l.Label));
        Assert.Equal(["ham", "spam"], labels[0].Probabilities.Keys.Order());
        var generate = Assert.Throws<ArgumentException>(() => model.Generate("Hello", new GenerationOptions()));
        Assert.Contains("is a classifier", generate.Message);
    }

    [Fact]
    public void The_cache_keeps_models_warm_and_evicts_the_least_recently_used_beyond_its_bound()
    {
        var pretrain = Train(RunKind.Pretrain, RealData.MobyDick(2), "lm", out _);
        var classify = Train(RunKind.Classify, RealData.SpamAssassin(10), "clf", out _);
        long bytes;
        using (var probe = LoadedModel.Load(pretrain, CPU))
            bytes = probe.Bytes;
        Assert.True(bytes > 100_000);

        using var cache = new ModelCache(bytes + bytes / 2, CPU); // room for one model, not two
        var lm = cache.Get(pretrain);
        Assert.Same(lm, cache.Get(Path.Combine(pretrain)));
        var greedy = new GenerationOptions { MaxNewTokens = 10, Temperature = 0 };
        Assert.Equal(lm.Generate("Call me", greedy), lm.Generate("Call me", greedy));
        cache.Get(classify);
        Assert.Equal((1, 1L, 2L, 1L), (cache.Count, cache.Hits, cache.Misses, cache.Evictions));
        Assert.True(cache.Bytes <= cache.CapacityBytes);
        cache.Get(pretrain); // gone, loaded again
        Assert.Equal((3L, 2L), (cache.Misses, cache.Evictions));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class NullObserver : ITrainingObserver;
}
