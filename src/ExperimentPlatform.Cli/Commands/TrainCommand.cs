using ExperimentPlatform.Runs;
using System.CommandLine;
using ExperimentPlatform.Cli.Output;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Training.Engine;
using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Runtime;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep train</c>: a local training run, no cluster needed.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var flags = new SpecOptions();
        var spec = new Option<string?>("--spec") { Description = "A launch spec (JSON, as `ep runs launch --spec` takes) instead of the training flags" };
        var storedData = new Option<string?>("--stored-data") { Description = "A stored dataset version: a folder with content.jsonl and split.bin (what a worker copies from Blob storage)" };
        var init = new Option<string?>("--init") { Description = "Start from the weights of a checkpoint or run folder (fine-tuning, continued pretraining)" };
        var resume = new Option<string?>("--resume") { Description = "Continue a run folder from its latest checkpoint, exactly" };
        var output = new Option<string?>("--out") { Description = "Run folder for checkpoints (required for a new run)" };
        var device = new Option<string>("--device") { Description = "cpu | cuda | auto", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "One JSON object per line on stdout instead of a progress display" };
        var controlStdin = new Option<bool>("--control-stdin") { Description = "Read 'pause' / 'cancel' lines on stdin; end of input cancels (a supervising worker uses this)" };
        var tokenCache = Cli.TokenCacheOption();

        var command = new Command("train", "Train a GPT locally: pretrain, classification or instruction fine-tuning.");
        foreach (var option in flags.All.Concat([spec, storedData, init, resume, output, device, json, controlStdin, tokenCache]))
            command.Options.Add(option);

        command.SetAction((parse, cancellationToken) => Task.FromResult(Cli.Run(parse.GetValue(json), () =>
        {
            var target = TorchRuntime.Resolve(parse.GetValue(device)!);
            void UseTf32(bool on)
            {
                if (on && target.type == TorchSharp.DeviceType.CUDA)
                {
                    TorchSharp.torch.backends.cuda.matmul.allow_tf32 = true;
                    TorchSharp.torch.backends.cudnn.allow_tf32 = true;
                }
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var control = new TrainingControl();
            if (parse.GetValue(controlStdin))
                StdinControl.Start(control, stop);
            var cache = Cli.TokenCacheFrom(parse.GetValue(tokenCache));
            Trainer trainer;
            string folder;
            if (parse.GetValue(resume) is { } resumeFolder)
            {
                folder = resumeFolder;
                // A worker resuming a platform run sends the checkpoint, the stored data and the spec, but no run.json.
                var resumeSpec = parse.GetValue(spec) is { } resumeSpecFile ? RunJson.ParseSpec(File.ReadAllText(resumeSpecFile)) : null;
                var run = !File.Exists(Path.Combine(folder, RunRecord.FileName)) && parse.GetValue(storedData) is { } storedFolder && resumeSpec is not null
                    ? RunRecord.ForStored(storedFolder, resumeSpec)
                    : RunRecord.Load(folder);
                SetThreads(run.Threads);
                UseTf32(parse.GetValue(flags.Tf32) || resumeSpec?.Training.Tf32 == true);
                trainer = Trainer.Resume(folder, run.LoadExamples(), target, parse.GetValue(flags.Steps), cache);
            }
            else
            {
                folder = parse.GetValue(output) ?? throw new ArgumentException("--out is required for a new run (or use --resume)");
                var launch = parse.GetValue(spec) is { } specFile ? RunJson.ParseSpec(File.ReadAllText(specFile)) : flags.Build(parse, defaultCheckpointInterval: 0);
                if (launch.Start is null && parse.GetValue(init) is null)
                {
                    // What the platform refuses at launch, refused here before any data is read.
                    var problems = new RunSpecProblems();
                    RunSpecRules.CheckBatchFits(launch.Kind, launch.Training, RunSpecMapping.Model(launch).ContextLength, problems);
                    problems.ThrowIfAny();
                }
                var stored = parse.GetValue(storedData);
                var run = stored is not null ? RunRecord.ForStored(stored, launch) : new RunRecord
                {
                    Data = parse.GetValue(flags.Data) ?? (launch.Dataset is { Length: > 0 } d ? d : throw new ArgumentException("--data is required for a new run")),
                    DataKind = TrainingData.KindFor(launch.Kind),
                    Split = SplitPolicy.Default,
                    Threads = launch.Training.Threads,
                };
                SetThreads(run.Threads);
                UseTf32(launch.Training.Tf32 || parse.GetValue(flags.Tf32));
                trainer = Trainer.Start(new RunSetup
                {
                    Options = RunSpecMapping.Options(launch),
                    Tokenizer = RunSpecMapping.Tokenizer(launch),
                    Data = run.LoadExamples(),
                    Model = parse.GetValue(init) is null ? RunSpecMapping.Model(launch) : null,
                    InitFrom = parse.GetValue(init),
                    Device = target,
                    TokenCache = cache,
                });
                Directory.CreateDirectory(folder);
                run.Save(folder);
            }
            using (trainer)
            {
                if (parse.GetValue(json))
                {
                    var observer = new JsonLinesObserver(Console.Out);
                    observer.Summary(trainer.Run(folder, observer, control, stop.Token));
                    return;
                }
                AnsiConsole.MarkupLine(trainer.Options.Steps == 0
                    ? $"[bold]{trainer.Options.Kind}[/] {trainer.Model.ParameterCount():N0} parameters on {target}, evaluating (0 steps)"
                    : $"[bold]{trainer.Options.Kind}[/] {trainer.Model.ParameterCount():N0} parameters on {target}, steps {trainer.Step + 1}–{trainer.Options.Steps}");
                TrainingSummary? summary = null;
                AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask("training", maxValue: Math.Max(1, trainer.Options.Steps - trainer.Step));
                        summary = trainer.Run(folder, new ConsoleProgressObserver(task, trainer.Step), control, stop.Token);
                    });
                AnsiConsole.MarkupLine($"done: step {summary!.Step}, loss {summary.LastLoss:F4}, {summary.Seconds:F1} s, checkpoint {Markup.Escape(summary.Checkpoint)}");
            }
        })));
        return command;
    }

    private static void SetThreads(int threads)
    {
        if (threads > 0)
            TorchSharp.torch.set_num_threads(threads);
    }
}
