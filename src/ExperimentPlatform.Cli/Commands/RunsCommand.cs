using System.CommandLine;
using ExperimentPlatform.Cli.Cluster;
using ExperimentPlatform.Cli.Output;
using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep runs</c>: launch, list, show, watch, pause, resume, cancel runs on the cluster, and see its queue.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "Runs on the platform (connects to --cluster, default the local platform).");
        command.Subcommands.Add(Launch());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Watch());
        command.Subcommands.Add(Control("pause", "Checkpoint a run and release its slot.", (runs, id, actor, reason, ct) => runs.PauseAsync(id, actor, reason, ct)));
        command.Subcommands.Add(Control("resume", "Queue a paused run again; it continues from its latest checkpoint.", (runs, id, actor, reason, ct) => runs.ResumeAsync(id, actor, reason, ct)));
        command.Subcommands.Add(Control("cancel", "Stop a run at the next step boundary.", (runs, id, actor, reason, ct) => runs.CancelAsync(id, actor, reason, ct)));
        command.Subcommands.Add(Queue());
        return command;
    }

    private static Command Launch()
    {
        var flags = new SpecOptions();
        var cluster = new ClusterOptions();
        var specFile = new Option<string?>("--spec") { Description = "A launch spec (JSON); the training flags are then ignored" };
        var start = new Option<string?>("--start") { Description = "Start from a run's checkpoint: RUN (its final checkpoint) or RUN@STEP" };
        var startModel = new Option<string?>("--start-model") { Description = "Start from a registered model version: NAME@vN, NAME@ALIAS or NAME (its latest)" };
        var priority = new Option<int>("--priority") { Description = "Higher starts first", DefaultValueFactory = _ => 0 };
        var accelerator = new Option<string>("--accelerator") { Description = "cpu | cuda | any", DefaultValueFactory = _ => "any" };
        var slots = new Option<int>("--slots") { DefaultValueFactory = _ => 1 };
        var experiment = new Option<string>("--experiment") { DefaultValueFactory = _ => "default" };
        var tags = new Option<string[]>("--tag") { Description = "A tag (repeatable)", AllowMultipleArgumentsPerToken = false };
        var description = new Option<string>("--description") { DefaultValueFactory = _ => "" };
        var name = new Option<string?>("--name") { Description = "A display name" };
        var keepLatest = new Option<int>("--keep-latest") { Description = "Checkpoints kept (latest K)", DefaultValueFactory = _ => 3 };
        var keepBest = new Option<string?>("--keep-best-by") { Description = "Also keep the best checkpoint by this metric, e.g. validation/loss" };
        var wait = new Option<bool>("--wait") { Description = "Watch the run until it ends; exit 1 if it failed or was cancelled" };
        var check = new Option<bool>("--check") { Description = "Check the spec as a launch would, without launching: every problem, and an estimate; exit 1 if any" };
        var command = new Command("launch", "Launch a run: the same training flags as `ep train`, or --spec FILE.");
        foreach (var option in flags.All.Concat(cluster.All).Concat([specFile, start, startModel, priority, accelerator, slots, experiment, tags, description, name, keepLatest, keepBest, wait, check]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            RunSpec spec;
            if (parse.GetValue(specFile) is { } file)
                spec = RunJson.ParseSpec(await File.ReadAllTextAsync(file, cancellationToken));
            else
            {
                var built = flags.Build(parse, defaultCheckpointInterval: new CheckpointPolicy().EverySteps);
                spec = built with
                {
                    Start = ParseStart(parse.GetValue(start), parse.GetValue(startModel)),
                    Priority = parse.GetValue(priority),
                    Resources = new ResourceRequest { Accelerator = parse.GetValue(accelerator)!, Slots = parse.GetValue(slots) },
                    Experiment = parse.GetValue(experiment)!,
                    Tags = parse.GetValue(tags) ?? [],
                    Description = parse.GetValue(description)!,
                    Name = parse.GetValue(name),
                    Checkpoints = built.Checkpoints with { KeepLatest = parse.GetValue(keepLatest), KeepBestBy = parse.GetValue(keepBest) },
                };
            }
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            var runs = connection.Client.Runs;
            if (parse.GetValue(check))
                return RunPrinter.WriteCheck(await runs.ValidateAsync(spec, cancellationToken), parse.GetValue(cluster.Json));
            var run = await runs.LaunchAsync(spec, parse.GetValue(cluster.Actor)!, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(new { @event = "launched", id = run.Id, status = run.Status, waiting = run.Waiting });
            else
                AnsiConsole.MarkupLine($"launched [bold]{run.Id}[/] ({Markup.Escape(run.Waiting ?? run.Status.ToString())})");
            if (!parse.GetValue(wait))
                return 0;
            var final = await WatchAsync(runs, run.Id, parse.GetValue(cluster.Json), cancellationToken);
            return final.Status == RunStatus.Completed ? 0 : 1;
        }));
        return command;
    }

    private static Command List()
    {
        var cluster = new ClusterOptions();
        var experiment = new Option<string?>("--experiment");
        var status = new Option<string?>("--status") { Description = "queued | starting | running | paused | completed | failed | cancelled" };
        var kind = new Option<string?>("--kind") { Description = "pretrain | classify | instruct" };
        var dataset = new Option<string?>("--dataset") { Description = "name or name@version" };
        var tag = new Option<string?>("--tag");
        var sort = new Option<string>("--sort") { Description = "created | metric", DefaultValueFactory = _ => "created" };
        var metric = new Option<string?>("--metric") { Description = "With --sort metric: e.g. validation/loss" };
        var aggregate = new Option<string>("--aggregate") { Description = "With --sort metric: last | min | max | best", DefaultValueFactory = _ => "last" };
        var search = new Option<string?>("--search") { Description = "Runs whose name, id, description, experiment, dataset or a tag contains this text" };
        var reverse = new Option<bool>("--reverse") { Description = "Oldest first, or worst first" };
        var page = new Option<int>("--page") { DefaultValueFactory = _ => 0 };
        var size = new Option<int>("--page-size") { DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List runs, newest first (or by a metric).");
        foreach (var option in cluster.All.Concat([experiment, status, kind, dataset, tag, sort, metric, aggregate, search, reverse, page, size]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            var result = await connection.Client.Runs.ListAsync(new RunQuery
            {
                Experiment = parse.GetValue(experiment),
                Status = parse.GetValue(status) is { } s ? Cli.ParseEnum<RunStatus>(s, "--status") : null,
                Kind = parse.GetValue(kind) is { } k ? Cli.ParseEnum<RunKind>(k, "--kind") : null,
                Dataset = parse.GetValue(dataset), Tag = parse.GetValue(tag), Sort = parse.GetValue(sort)!, Metric = parse.GetValue(metric),
                Aggregate = Cli.ParseEnum<MetricAggregate>(parse.GetValue(aggregate)!, "--aggregate"), Search = parse.GetValue(search), Reverse = parse.GetValue(reverse),
                Page = parse.GetValue(page), PageSize = parse.GetValue(size),
            }, cancellationToken);
            if (parse.GetValue(cluster.Json))
            {
                RunPrinter.WriteJson(result);
                return 0;
            }
            var shown = parse.GetValue(metric) ?? MetricNames.TrainLoss;
            var column = parse.GetValue(metric) is null ? "loss" : $"{shown} ({parse.GetValue(aggregate)})";
            var table = new Table().AddColumns("id", "status", "kind", "dataset", "experiment", "step", Markup.Escape(column), "created");
            foreach (var r in result.Runs)
                table.AddRow(r.Id, RunPrinter.Status(r.Status), r.Kind.ToString().ToLowerInvariant(), Markup.Escape(r.Dataset), Markup.Escape(r.Experiment),
                    $"{r.Step}/{r.Steps}", r.Value(shown, Cli.ParseEnum<MetricAggregate>(parse.GetValue(aggregate)!, "--aggregate")) is { } value ? $"{value:F4}" : "",
                    $"{r.CreatedAt:u}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]{result.Runs.Count} of {result.Total} (page {result.Page})[/]");
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var cluster = new ClusterOptions();
        var id = new Argument<string>("id");
        var command = new Command("show", "A run's status, progress, metrics and checkpoints.");
        command.Arguments.Add(id);
        foreach (var option in cluster.All)
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            var run = await connection.Client.Runs.GetAsync(parse.GetValue(id)!, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(run);
            else
                RunPrinter.Show(run);
            return 0;
        }));
        return command;
    }

    private static Command Watch()
    {
        var cluster = new ClusterOptions();
        var id = new Argument<string>("id");
        var command = new Command("watch", "Follow a run live until it ends: a progress bar with loss and tokens/s, or --json events.");
        command.Arguments.Add(id);
        foreach (var option in cluster.All)
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            var final = await WatchAsync(connection.Client.Runs, parse.GetValue(id)!, parse.GetValue(cluster.Json), cancellationToken);
            return final.Status == RunStatus.Completed ? 0 : 1;
        }));
        return command;
    }

    private static Command Control(string verb, string description, Func<RunsClient, string, string, string, CancellationToken, Task<RunDetails>> call)
    {
        var cluster = new ClusterOptions();
        var id = new Argument<string>("id");
        var reason = new Option<string>("--reason") { DefaultValueFactory = _ => "" };
        var command = new Command(verb, description);
        command.Arguments.Add(id);
        foreach (var option in cluster.All.Append(reason))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            var run = await call(connection.Client.Runs, parse.GetValue(id)!, parse.GetValue(cluster.Actor)!, parse.GetValue(reason)!, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(new { id = run.Id, status = run.Status, requested = run.Requested });
            else
                AnsiConsole.MarkupLine($"{run.Id}: {RunPrinter.Status(run.Status)}{(run.Requested is { } r ? $" ({r} requested)" : "")}");
            return 0;
        }));
        return command;
    }

    private static Command Queue()
    {
        var cluster = new ClusterOptions();
        var command = new Command("queue", "The scheduler's queue (why each run waits) and the workers' slots.");
        var skip = new Option<int>("--skip") { Description = "Queue entries to skip (from the front)", DefaultValueFactory = _ => 0 };
        var take = new Option<int>("--take") { Description = $"Queue entries to show (1..{SchedulerView.MaxQueuePage})", DefaultValueFactory = _ => SchedulerView.DefaultQueuePage };
        foreach (var option in cluster.All.Concat([skip, take]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            var view = await connection.Client.Runs.GetSchedulerAsync(parse.GetValue(skip), parse.GetValue(take), cancellationToken);
            if (parse.GetValue(cluster.Json))
            {
                RunPrinter.WriteJson(view);
                return 0;
            }
            var workers = new Table().AddColumns("worker", "accelerator", "slots", "used");
            foreach (var w in view.Workers)
                workers.AddRow(Markup.Escape(w.Silo), w.Accelerator, $"{w.Slots}", $"{w.UsedSlots}");
            AnsiConsole.Write(workers);
            var queue = new Table().AddColumns("#", "run", "priority", "waiting");
            foreach (var q in view.Queue)
                queue.AddRow($"{q.Position}", q.RunId, $"{q.Priority}", Markup.Escape(q.Waiting));
            AnsiConsole.Write(queue);
            var after = view.QueueLength - view.QueueFrom - view.Queue.Count;
            AnsiConsole.WriteLine($"{view.QueueLength} queued{(after > 0 ? $"; {after} more after these (--skip {view.QueueFrom + view.Queue.Count})" : "")}");
            return 0;
        }));
        return command;
    }

    /// <summary>Follows a run to its end; returns its final state.</summary>
    private static async Task<RunDetails> WatchAsync(RunsClient runs, string id, bool json, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(id, cancellationToken);
        if (json)
        {
            await foreach (var e in runs.WatchAsync(id, 0, cancellationToken))
                RunPrinter.WriteEventJson(e);
            return await runs.GetAsync(id, cancellationToken);
        }
        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(id, maxValue: run.Spec.Training.Steps);
                await foreach (var e in runs.WatchAsync(id, 0, cancellationToken))
                {
                    switch (e.Type)
                    {
                        case RunEventTypes.Step:
                            task.Value = e.Step;
                            task.Description = $"step {e.Step} loss [bold]{e.Values.GetValueOrDefault("train/loss"):F4}[/] {e.Values.GetValueOrDefault("train/tokens_per_second"):N0} tok/s";
                            break;
                        case RunEventTypes.Eval:
                            AnsiConsole.MarkupLine($"[blue]eval[/] step {e.Step}: " + Markup.Escape(string.Join("  ",
                                e.Values.Where(v => v.Key.Count(c => c == '/') == 1).Select(v => $"{v.Key} {v.Value:F4}"))));
                            break;
                        case RunEventTypes.Status or RunEventTypes.Log or RunEventTypes.Attempt or RunEventTypes.Sample:
                            AnsiConsole.MarkupLine($"[grey]{e.Type}[/] {Markup.Escape(e.Text ?? "")}");
                            break;
                    }
                }
            });
        run = await runs.GetAsync(id, cancellationToken);
        AnsiConsole.MarkupLine($"{run.Id}: {RunPrinter.Status(run.Status)} at step {run.Progress.Step}{(run.Failure is { } f ? $": {Markup.Escape(f.Error)}" : "")}");
        return run;
    }

    private static StartingPoint? ParseStart(string? value, string? model)
    {
        if (model is not null)
            return value is null ? new StartingPoint { Model = model } : throw new ArgumentException("--start and --start-model: give one starting point, not both");
        if (value is null)
            return null;
        var (run, step) = RunSpecRules.ParseDataset(value);
        if (step is null)
            return new StartingPoint { Run = run };
        return int.TryParse(step, out var s) ? new StartingPoint { Run = run, Step = s } : throw new ArgumentException($"--start: '{value}' is not RUN or RUN@STEP");
    }
}
