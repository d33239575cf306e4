using System.CommandLine;
using ExperimentPlatform.Cli.Output;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Training.Engine;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Runtime;
using ExperimentPlatform.Training.Tokenization;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep train</c>: a local training run, no cluster needed.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = "pretrain | classify | instruct", DefaultValueFactory = _ => "pretrain" };
        var data = new Option<string?>("--data") { Description = "A file, a folder, or a built-in catalog name (moby-dick, sotu, spam-assassin, email-instructions)" };
        var config = new Option<string>("--config") { Description = "tiny | small | gpt2-124m", DefaultValueFactory = _ => "tiny" };
        var layers = new Option<int?>("--layers") { Description = "Override the config's number of blocks" };
        var heads = new Option<int?>("--heads") { Description = "Override the config's attention heads" };
        var width = new Option<int?>("--width") { Description = "Override the config's embedding width" };
        var context = new Option<int?>("--context") { Description = "Override the config's context length" };
        var dropout = new Option<double>("--dropout") { Description = "Dropout probability", DefaultValueFactory = _ => 0.0 };
        var tokenizer = new Option<string>("--tokenizer") { Description = "gpt2 | bytes", DefaultValueFactory = _ => "gpt2" };
        var init = new Option<string?>("--init") { Description = "Start from the weights of a checkpoint or run folder (fine-tuning, continued pretraining)" };
        var resume = new Option<string?>("--resume") { Description = "Continue a run folder from its latest checkpoint, exactly" };
        var output = new Option<string?>("--out") { Description = "Run folder for checkpoints (required for a new run)" };
        var steps = new Option<int?>("--steps") { Description = "Total optimizer steps of the run (default 200)" };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 8 };
        var accumulation = new Option<int>("--grad-accum") { DefaultValueFactory = _ => 1 };
        var sequence = new Option<int>("--seq-len") { Description = "Pretraining sequence length (default: context)", DefaultValueFactory = _ => 0 };
        var maxLength = new Option<int>("--max-length") { Description = "Fine-tuning: tokens per example at most (default: context)", DefaultValueFactory = _ => 0 };
        var lr = new Option<double>("--lr") { DefaultValueFactory = _ => 1e-3 };
        var minLr = new Option<double>("--min-lr") { DefaultValueFactory = _ => 1e-4 };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 20 };
        var weightDecay = new Option<double>("--weight-decay") { DefaultValueFactory = _ => 0.1 };
        var clip = new Option<double>("--clip") { DefaultValueFactory = _ => 1.0 };
        var evalInterval = new Option<int>("--eval-interval") { DefaultValueFactory = _ => 50 };
        var evalBatches = new Option<int>("--eval-batches") { DefaultValueFactory = _ => 20 };
        var evalExamples = new Option<int>("--eval-examples") { Description = "instruct: held-out examples whose generated responses are scored", DefaultValueFactory = _ => 50 };
        var checkpointInterval = new Option<int>("--checkpoint-interval") { DefaultValueFactory = _ => 0 };
        var sampleInterval = new Option<int>("--sample-interval") { DefaultValueFactory = _ => 0 };
        var trainable = new Option<string>("--trainable") { Description = "classify: head | last-block | all", DefaultValueFactory = _ => "last-block" };
        var balance = new Option<bool>("--balance-classes") { Description = "classify: draw classes equally often" };
        var includePrompt = new Option<bool>("--include-prompt") { Description = "instruct: also train on prompt tokens" };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu | cuda | auto", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch (0: libtorch's default)", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "One JSON object per line on stdout instead of a progress display" };
        var tokenCache = Cli.TokenCacheOption();
        var precision = new Option<string>("--precision") { Description = "fp32 | bf16 (mixed: bf16 compute, fp32 master weights)", DefaultValueFactory = _ => "fp32" };
        var tf32 = new Option<bool>("--tf32") { Description = "CUDA: TensorFloat-32 matrix multiplies (Ampere and newer)" };

        var command = new Command("train", "Train a GPT locally: pretrain, classification or instruction fine-tuning.");
        foreach (var option in new Option[] { kind, data, config, layers, heads, width, context, dropout, tokenizer, init, resume, output, steps, batch,
                     accumulation, sequence, maxLength, lr, minLr, warmup, weightDecay, clip, evalInterval, evalBatches, evalExamples, checkpointInterval,
                     sampleInterval, trainable, balance, includePrompt, seed, device, threads, json, tf32, tokenCache, precision })
            command.Options.Add(option);

        command.SetAction((parse, cancellationToken) => Task.FromResult(Cli.Run(parse.GetValue(json), () =>
        {
            var target = TorchRuntime.Resolve(parse.GetValue(device)!);
            if (parse.GetValue(threads) > 0)
                TorchSharp.torch.set_num_threads(parse.GetValue(threads));
            if (parse.GetValue(tf32) && target.type == TorchSharp.DeviceType.CUDA)
            {
                TorchSharp.torch.backends.cuda.matmul.allow_tf32 = true;
                TorchSharp.torch.backends.cudnn.allow_tf32 = true;
            }
            Trainer trainer;
            string folder;
            if (parse.GetValue(resume) is { } resumeFolder)
            {
                folder = resumeFolder;
                var run = RunRecord.Load(folder);
                trainer = Trainer.Resume(folder, DataLoader.Load(run), target, parse.GetValue(steps), Cli.TokenCacheFrom(parse.GetValue(tokenCache)));
            }
            else
            {
                folder = parse.GetValue(output) ?? throw new ArgumentException("--out is required for a new run (or use --resume)");
                var runKind = Cli.ParseEnum<RunKind>(parse.GetValue(kind)!, "--kind");
                var run = new RunRecord
                {
                    Data = parse.GetValue(data) ?? throw new ArgumentException("--data is required for a new run"),
                    DataKind = DataLoader.KindFor(runKind),
                    Split = SplitPolicy.Default,
                };
                var words = Tokenizers.ByName(parse.GetValue(tokenizer)!);
                var named = GptConfig.Named(parse.GetValue(config)!, words.VocabularySize);
                var shape = named with
                {
                    Layers = parse.GetValue(layers) ?? named.Layers,
                    Heads = parse.GetValue(heads) ?? named.Heads,
                    Embedding = parse.GetValue(width) ?? named.Embedding,
                    ContextLength = parse.GetValue(context) ?? named.ContextLength,
                    Dropout = parse.GetValue(dropout),
                };
                var options = new TrainingOptions
                {
                    Kind = runKind,
                    Steps = parse.GetValue(steps) ?? 200,
                    BatchSize = parse.GetValue(batch),
                    GradientAccumulation = parse.GetValue(accumulation),
                    SequenceLength = parse.GetValue(sequence),
                    MaxLength = parse.GetValue(maxLength),
                    LearningRate = parse.GetValue(lr),
                    MinLearningRate = parse.GetValue(minLr),
                    WarmupSteps = parse.GetValue(warmup),
                    WeightDecay = parse.GetValue(weightDecay),
                    GradientClip = parse.GetValue(clip),
                    EvalInterval = parse.GetValue(evalInterval),
                    EvalBatches = parse.GetValue(evalBatches),
                    EvalExamples = parse.GetValue(evalExamples),
                    CheckpointInterval = parse.GetValue(checkpointInterval),
                    SampleInterval = parse.GetValue(sampleInterval),
                    Trainable = Cli.ParseEnum<TrainableScope>(parse.GetValue(trainable)!, "--trainable"),
                    BalanceClasses = parse.GetValue(balance),
                    IncludePromptInLoss = parse.GetValue(includePrompt),
                    Seed = parse.GetValue(seed),
                    Precision = Cli.ParseEnum<Precision>(parse.GetValue(precision)!, "--precision"),
                };
                var examples = DataLoader.Load(run);
                trainer = Trainer.Start(new RunSetup
                {
                    Options = options, Tokenizer = words, Data = examples, Model = shape, InitFrom = parse.GetValue(init), Device = target,
                    TokenCache = Cli.TokenCacheFrom(parse.GetValue(tokenCache)),
                });
                Directory.CreateDirectory(folder);
                run.Save(folder);
            }
            using (trainer)
            {
                if (parse.GetValue(json))
                {
                    var observer = new JsonLinesObserver(Console.Out);
                    observer.Summary(trainer.Run(folder, observer, cancellationToken));
                    return;
                }
                AnsiConsole.MarkupLine($"[bold]{trainer.Options.Kind}[/] {trainer.Model.ParameterCount():N0} parameters on {target}, steps {trainer.Step + 1}–{trainer.Options.Steps}");
                TrainingSummary? summary = null;
                AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask("training", maxValue: trainer.Options.Steps - trainer.Step);
                        summary = trainer.Run(folder, new ConsoleProgressObserver(task, trainer.Step), cancellationToken);
                    });
                AnsiConsole.MarkupLine($"done: step {summary!.Step}, loss {summary.LastLoss:F4}, {summary.Seconds:F1} s, checkpoint {Markup.Escape(summary.Checkpoint)}");
            }
        })));
        return command;
    }
}
