using ExperimentPlatform.Runs;
using System.Diagnostics;
using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Engine;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Tokenization;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Tests.Engine;

public sealed class TrainerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-train-").FullName;

    private static GptConfig Small(double dropout = 0, int context = 64) =>
        new() { VocabularySize = 257, ContextLength = context, Layers = 2, Heads = 2, Embedding = 64, Dropout = dropout };

    private static TrainingOptions Options(RunKind kind, int steps, Precision precision = Precision.Fp32) => new()
    {
        Kind = kind, Steps = steps, BatchSize = 8, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = 5,
        EvalInterval = 0, EvalBatches = 4, EvalExamples = 4, Seed = 3, Precision = precision,
    };

    private static List<TrainingExample> Instructions() =>
    [
        .. Enumerable.Range(0, 60).Select(i => new TrainingExample
        {
            Split = i % 10 == 0 ? DataSplit.Validation : i % 10 == 1 ? DataSplit.Test : DataSplit.Train,
            Instruction = "Is this email spam or ham?",
            Input = i % 2 == 0 ? $"WIN CASH NOW #{i}" : $"Minutes of meeting {i}",
            Output = i % 2 == 0 ? "spam" : "ham",
        }),
    ];

    private List<TrainingExample> DataFor(RunKind kind) => kind switch
    {
        RunKind.Pretrain => RealData.MobyDick(3),
        RunKind.Classify => RealData.SpamAssassin(30),
        _ => Instructions(),
    };

    // Byte tokens: the Alpaca template alone is ~150 of them, so instruction runs get a longer context.
    private static int ContextFor(RunKind kind) => kind == RunKind.Instruct ? 192 : 64;

    private Trainer Start(RunKind kind, int steps, double dropout = 0, string? init = null, Precision precision = Precision.Fp32) => Trainer.Start(new RunSetup
    {
        Options = Options(kind, steps, precision),
        Tokenizer = ByteTokenizer.Shared,
        Data = DataFor(kind),
        Model = Small(dropout, ContextFor(kind)),
        InitFrom = init,
    });

    [Fact]
    public void Pretraining_on_moby_dick_lowers_the_loss_and_reports_every_step()
    {
        using var trainer = Start(RunKind.Pretrain, 60);
        var observer = new RecordingObserver();
        var summary = trainer.Run(Path.Combine(_folder, "pre"), observer);
        Assert.Equal(Enumerable.Range(1, 60), observer.Steps.Select(s => s.Step));
        Assert.True(observer.Steps.TakeLast(5).Average(s => s.Loss) < observer.Steps.Take(5).Average(s => s.Loss) - 1.0,
            $"loss {observer.Steps[0].Loss} → {observer.Steps[^1].Loss}");
        var validation = summary.FinalEvaluation.Single(e => e.Split == "validation");
        Assert.Equal(Math.Exp(validation.Metrics["loss"]), validation.Metrics["perplexity"], 6);
        Assert.Contains(summary.FinalEvaluation, e => e.Split == "test");
        Assert.True(File.Exists(Path.Combine(summary.Checkpoint, "model.safetensors")));
    }

    [Fact]
    public void A_classifier_fine_tuned_on_spam_assassin_beats_the_majority_class()
    {
        using var trainer = Start(RunKind.Classify, 80);
        var summary = trainer.Run(Path.Combine(_folder, "cls"), new RecordingObserver());
        var test = summary.FinalEvaluation.Single(e => e.Split == "test").Metrics;
        Assert.True(test["accuracy"] > 0.5 + 0.1, $"test accuracy {test["accuracy"]:F2} (majority class: 0.50)");
        Assert.Equal(6, test["confusion/spam/spam"] + test["confusion/spam/ham"] + test["confusion/ham/spam"] + test["confusion/ham/ham"]);
        // Spam's F1 is the one its confusion counts give: 2·TP / (2·TP + FP + FN).
        var (tp, fn, fp) = (test["confusion/spam/spam"], test["confusion/spam/ham"], test["confusion/ham/spam"]);
        Assert.Equal(tp + fp + fn == 0 ? 0 : 2 * tp / (2 * tp + fp + fn), test["f1/spam"], 9);
    }

    [Fact]
    public void Instruction_tuning_lowers_the_response_loss()
    {
        using var trainer = Start(RunKind.Instruct, 40);
        var observer = new RecordingObserver();
        var summary = trainer.Run(Path.Combine(_folder, "ins"), observer);
        Assert.True(observer.Steps[^1].Loss < observer.Steps[0].Loss * 0.5, $"loss {observer.Steps[0].Loss} → {observer.Steps[^1].Loss}");
        var validation = summary.FinalEvaluation.Single(e => e.Split == "validation").Metrics;
        // Held-out responses are predicted better than a uniform guess over the 257 byte tokens (ln 257 ≈ 5.55).
        Assert.True(validation["loss"] < Math.Log(257) * 0.8, $"validation response loss {validation["loss"]:F3}");
    }

    [Theory]
    [InlineData(RunKind.Pretrain, Precision.Fp32)]
    [InlineData(RunKind.Classify, Precision.Fp32)]
    [InlineData(RunKind.Instruct, Precision.Fp32)]
    [InlineData(RunKind.Pretrain, Precision.Bf16)]
    [InlineData(RunKind.Classify, Precision.Bf16)]
    public void Resuming_from_a_checkpoint_continues_bit_exactly(RunKind kind, Precision precision)
    {
        var uninterrupted = new RecordingObserver();
        using (var trainer = Start(kind, 8, dropout: 0.1, precision: precision))
            trainer.Run(Path.Combine(_folder, $"{kind}-a"), uninterrupted);

        // Same run, stopped after step 4 and continued from its checkpoint by a fresh trainer.
        var options = Options(kind, 8, precision) with { CheckpointInterval = 4 };
        var first = new RecordingObserver();
        using (var trainer = Trainer.Start(new RunSetup { Options = options with { Steps = 4 }, Tokenizer = ByteTokenizer.Shared, Data = DataFor(kind), Model = Small(0.1, ContextFor(kind)) }))
            trainer.Run(Path.Combine(_folder, $"{kind}-b"), first);
        var resumed = new RecordingObserver();
        using (var trainer = Trainer.Resume(Path.Combine(_folder, $"{kind}-b"), DataFor(kind), CPU, steps: 8))
        {
            Assert.Equal(4, trainer.Step);
            trainer.Run(Path.Combine(_folder, $"{kind}-b"), resumed);
        }

        Assert.Equal(uninterrupted.Steps.Take(4).Select(s => s.Loss), first.Steps.Select(s => s.Loss));
        Assert.Equal(uninterrupted.Steps.Skip(4).Select(s => s.Loss), resumed.Steps.Select(s => s.Loss));
        Assert.Equal([5, 6, 7, 8], resumed.Steps.Select(s => s.Step));
    }

    [Fact]
    public void Bf16_mixed_precision_computes_in_bf16_keeps_fp32_master_weights_and_learns_like_fp32()
    {
        var fp32 = new RecordingObserver();
        using (var trainer = Start(RunKind.Pretrain, 40))
            trainer.Run(Path.Combine(_folder, "fp32"), fp32);
        var bf16 = new RecordingObserver();
        using var mixed = Start(RunKind.Pretrain, 40, precision: Precision.Bf16);
        Assert.All(mixed.Model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        var summary = mixed.Run(Path.Combine(_folder, "bf16"), bf16);

        Assert.Equal(fp32.Steps[0].Loss, bf16.Steps[0].Loss, 0.05); // same initial weights, rounded to bf16
        var (start, end) = (bf16.Steps.Take(5).Average(s => s.Loss), bf16.Steps.TakeLast(5).Average(s => s.Loss));
        Assert.True(end < start - 1.0, $"bf16 loss went from {start:F3} to {end:F3}");
        Assert.Equal(fp32.Steps.TakeLast(5).Average(s => s.Loss), end, 0.1);
        // The checkpoint's optimizer state carries the fp32 master weights.
        var (state, _) = ExperimentPlatform.Training.Checkpoints.SafeTensors.Load(Path.Combine(summary.Checkpoint, "optimizer.safetensors"));
        Assert.Equal(ScalarType.Float32, state["group0.master"].dtype);
        foreach (var tensor in state.Values)
            tensor.Dispose();
    }

    [Fact]
    public void Instruction_evaluation_scores_each_task_of_a_task_dataset()
    {
        var data = Instructions().Select((e, i) => i % 3 == 0 ? e with { Instruction = "Who sent this email? Answer with the address.", Output = "a@b.c" } : e).ToList();
        using var trainer = Trainer.Start(new RunSetup
        {
            Options = Options(RunKind.Instruct, 2) with { EvalExamples = 6 }, Tokenizer = ByteTokenizer.Shared, Data = data, Model = Small(0, 192),
        });
        var metrics = trainer.Run(Path.Combine(_folder, "tasks"), new RecordingObserver()).FinalEvaluation.Single(e => e.Split == "validation").Metrics;

        Assert.Equal("who-sent-this-email", InstructObjective.TaskName("Who sent this email? Answer with the address."));
        Assert.Equal(6, metrics["examples/who-sent-this-email"] + metrics["examples/is-this-email-spam"]);
        foreach (var task in new[] { "who-sent-this-email", "is-this-email-spam" })
        {
            Assert.InRange(metrics[$"exact_match/{task}"], 0.0, 1.0);
            Assert.True(metrics[$"contains/{task}"] >= metrics[$"exact_match/{task}"]);
        }
        // The overall score is the examples-weighted mean of the tasks'.
        var weighted = (metrics["exact_match/who-sent-this-email"] * metrics["examples/who-sent-this-email"]
                        + metrics["exact_match/is-this-email-spam"] * metrics["examples/is-this-email-spam"]) / 6;
        Assert.Equal(weighted, metrics["exact_match"], 1e-9);
    }

    [Fact]
    public void A_truncated_prompt_has_the_same_length_whatever_the_answer()
    {
        var email = string.Concat(Enumerable.Repeat("Dear friend, click here to claim your prize. ", 40)); // far longer than the room
        var (spamIds, spamPrompt) = InstructObjective.EncodeExample(Gpt2Tokenizer.Shared, "Is this email spam or ham?", email, "spam", 128);
        var (hamIds, hamPrompt) = InstructObjective.EncodeExample(Gpt2Tokenizer.Shared, "Is this email spam or ham?", email, "ham", 128);
        Assert.Equal(spamPrompt, hamPrompt); // the answer's length must not move where the response starts
        Assert.Equal(spamIds[..spamPrompt], hamIds[..hamPrompt]);
        Assert.Equal(InstructionPrompt.Budget(128), spamPrompt);
        Assert.True(spamIds.Length <= 129 && hamIds.Length <= 129);
        Assert.Equal(Gpt2Tokenizer.Shared.EndOfText, hamIds[^1]);
    }

    [Fact]
    public void Instruction_evaluation_samples_the_whole_split_not_its_start()
    {
        int[] ordered = [.. Enumerable.Range(0, 100)]; // e.g. all ham first, then all spam
        Assert.Equal([0, 25, 50, 75], InstructObjective.Spread(ordered, 4));
        Assert.Equal(ordered, InstructObjective.Spread(ordered, 500));
        Assert.Empty(InstructObjective.Spread(ordered, 0));
    }

    [Fact]
    public void Resuming_on_different_data_is_refused()
    {
        using (var trainer = Start(RunKind.Pretrain, 2))
            trainer.Run(Path.Combine(_folder, "data"), new RecordingObserver());
        var error = Assert.Throws<ArgumentException>(() => Trainer.Resume(Path.Combine(_folder, "data"), RealData.MobyDick(2), CPU, 4));
        Assert.Contains("differs from the data the checkpoint", error.Message);
    }

    [Fact]
    public void A_classifier_starts_from_a_pretrained_foundation()
    {
        string foundation;
        using (var trainer = Start(RunKind.Pretrain, 3))
            foundation = trainer.Run(Path.Combine(_folder, "found"), new RecordingObserver()).Checkpoint;
        using var classifier = Start(RunKind.Classify, 2, init: foundation);
        var summary = classifier.Run(Path.Combine(_folder, "tuned"), new RecordingObserver());
        var saved = Checkpoints.Checkpoint.ReadManifest(summary.Checkpoint);
        Assert.Equal(["ham", "spam"], saved.Classes);
        Assert.Equal(RunKind.Classify, saved.Kind);
    }

    [Theory]
    [InlineData(RunKind.Pretrain)]
    [InlineData(RunKind.Classify)]
    public void Zero_steps_evaluate_a_checkpoint_exactly_as_it_was_trained_and_write_nothing(RunKind kind)
    {
        TrainingSummary trained;
        using (var trainer = Start(kind, 8))
            trained = trainer.Run(Path.Combine(_folder, "trained"), new RecordingObserver());

        using var evaluator = Start(kind, 0, init: trained.Checkpoint);
        var observer = new RecordingObserver();
        var evaluated = evaluator.Run(Path.Combine(_folder, "evaluated"), observer);

        // The same figures the run's own final evaluation gave: a classifier's trained head is used, not a new one.
        Assert.Empty(observer.Steps);
        Assert.Equal(["validation", "test"], evaluated.FinalEvaluation.Select(e => e.Split));
        foreach (var (before, after) in trained.FinalEvaluation.Zip(evaluated.FinalEvaluation))
            Assert.Equal(before.Metrics["loss"], after.Metrics["loss"], 5);
        Assert.Equal("", evaluated.Checkpoint);
        Assert.False(Directory.Exists(Path.Combine(_folder, "evaluated", Trainer.CheckpointsFolder)));
    }

    [Fact]
    public void Zero_steps_from_a_hugging_face_folder_evaluate_it_and_write_it_as_the_step_0_checkpoint()
    {
        TrainingSummary trained;
        using (var trainer = Start(RunKind.Pretrain, 6))
            trained = trainer.Run(Path.Combine(_folder, "trained"), new RecordingObserver());
        var hub = Path.Combine(_folder, "hub");
        using (var model = new Gpt(Small()))
        {
            Checkpoints.Checkpoint.LoadWeights(trained.Checkpoint, model);
            ExperimentPlatform.Training.Interop.HuggingFaceGpt2.Export(hub, model, model.Config, endOfText: ByteTokenizer.Shared.EndOfText);
        }

        using var importer = Start(RunKind.Pretrain, 0, init: hub);
        var observer = new RecordingObserver();
        var imported = importer.Run(Path.Combine(_folder, "imported"), observer);

        // The imported weights are the trained ones: the same figures, and a checkpoint of them at step 0.
        Assert.Empty(observer.Steps);
        foreach (var (before, after) in trained.FinalEvaluation.Zip(imported.FinalEvaluation))
            Assert.Equal(before.Metrics["loss"], after.Metrics["loss"], 5);
        var manifest = Checkpoints.Checkpoint.ReadManifest(imported.Checkpoint);
        Assert.Equal((0, RunKind.Pretrain), (manifest.Step, manifest.Kind));
        Assert.Equal(imported.FinalEvaluation.Single(e => e.Split == "validation").Metrics["loss"], manifest.Metrics["validation"]["loss"]);
        using var again = Start(RunKind.Pretrain, 0, init: imported.Checkpoint);
        var reevaluated = again.Run(Path.Combine(_folder, "again"), new RecordingObserver());
        Assert.Equal(imported.FinalEvaluation[0].Metrics["loss"], reevaluated.FinalEvaluation[0].Metrics["loss"], 6);
    }

    [Fact]
    public void Zero_steps_need_weights_of_the_same_kind()
    {
        var scratch = Assert.Throws<ArgumentException>(() => Start(RunKind.Pretrain, 0));
        Assert.Contains("0 steps evaluates existing weights", scratch.Message);
        string foundation;
        using (var trainer = Start(RunKind.Pretrain, 2))
            foundation = trainer.Run(Path.Combine(_folder, "found"), new RecordingObserver()).Checkpoint;
        var kind = Assert.Throws<ArgumentException>(() => Start(RunKind.Classify, 0, init: foundation));
        Assert.Contains("needs a classify checkpoint", kind.Message);
    }

    [Fact]
    public void Bad_inputs_are_explained()
    {
        var empty = Assert.Throws<ArgumentException>(() => Trainer.Start(new RunSetup
        {
            Options = Options(RunKind.Pretrain, 1), Tokenizer = ByteTokenizer.Shared, Data = [], Model = Small(),
        }));
        Assert.Contains("too few for one sequence", empty.Message);
        var tooLong = Assert.Throws<ArgumentException>(() => Trainer.Start(new RunSetup
        {
            Options = Options(RunKind.Pretrain, 1) with { SequenceLength = 65 }, Tokenizer = ByteTokenizer.Shared, Data = RealData.MobyDick(1), Model = Small(),
        }));
        Assert.Contains("longer than the model's context of 64", tooLong.Message);
        var oneClass = Assert.Throws<ArgumentException>(() => Trainer.Start(new RunSetup
        {
            Options = Options(RunKind.Classify, 1), Tokenizer = ByteTokenizer.Shared, Model = Small(),
            Data = [new TrainingExample { Text = "a", Label = "ham" }, new TrainingExample { Text = "b", Label = "ham" }],
        }));
        Assert.Contains("at least two classes", oneClass.Message);
    }

    [Theory]
    [InlineData(RunKind.Pretrain)]
    [InlineData(RunKind.Classify)]
    [InlineData(RunKind.Instruct)]
    public void A_token_cache_serves_the_second_run_and_changes_nothing_it_trains_on(RunKind kind)
    {
        var cache = new TokenCache(Path.Combine(_folder, "tokens"));
        Trainer StartCached() => Trainer.Start(new RunSetup
        {
            Options = Options(kind, 3), Tokenizer = ByteTokenizer.Shared, Data = DataFor(kind), Model = Small(0, ContextFor(kind)), TokenCache = cache,
        });
        List<float> Losses(Trainer trainer, string name)
        {
            var observer = new RecordingObserver();
            trainer.Run(Path.Combine(_folder, name), observer);
            return [.. observer.Steps.Select(s => s.Loss)];
        }

        using var uncached = Start(kind, 3);
        var expected = Losses(uncached, "uncached");
        using (var cold = StartCached())
        {
            Assert.True(cold.TokenCacheUse!.Misses > 0);
            Assert.Equal(expected, Losses(cold, "cold"));
        }
        using var warm = StartCached();
        Assert.Equal(0, warm.TokenCacheUse!.Misses);
        Assert.True(warm.TokenCacheUse.Hits > 0);
        Assert.Equal(expected, Losses(warm, "warm"));
    }

    [Fact]
    public void Memory_stays_flat_over_500_steps()
    {
        using var trainer = Start(RunKind.Pretrain, 500);
        long afterWarmup = 0;
        var observer = new StepCallback(step =>
        {
            if (step == 50)
            {
                GC.Collect();
                afterWarmup = Process.GetCurrentProcess().WorkingSet64;
            }
        });
        trainer.Run(Path.Combine(_folder, "mem"), observer);
        GC.Collect();
        var growth = (Process.GetCurrentProcess().WorkingSet64 - afterWarmup) / (1024.0 * 1024.0);
        Assert.True(growth < 40, $"resident memory grew {growth:F1} MiB between step 50 and step 500");
    }

    private sealed class StepCallback(Action<int> onStep) : ITrainingObserver
    {
        public void OnStep(StepReport report) => onStep(report.Step);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
