using System.CommandLine;
using ExperimentPlatform.Cli.Cluster;
using ExperimentPlatform.Cli.Output;
using ExperimentPlatform.Client;
using ExperimentPlatform.Models;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep models</c>: the registry. Create models, register versions from runs, list, show, lineage; promotion; Hugging Face import and export.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "The model registry on the platform (connects to --cluster, default the local platform).");
        command.Subcommands.Add(CreateModel());
        command.Subcommands.Add(Register());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Lineage());
        foreach (var promotion in PromotionCommands.All())
            command.Subcommands.Add(promotion);
        foreach (var interop in HuggingFaceCommands.All())
            command.Subcommands.Add(interop);
        return command;
    }

    private static Command CreateModel()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("name");
        var task = new Option<string>("--task") { Description = "foundation | classifier | instruct", Required = true };
        var description = new Option<string>("--description") { DefaultValueFactory = _ => "" };
        var owners = new Option<string[]>("--owner") { Description = "An owner (repeatable; default: you)" };
        var command = new Command("create", "Create a model (registering its first version also creates it, with the run's task).");
        command.Arguments.Add(name);
        foreach (var option in cluster.All.Concat([task, description, owners]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var model = await models.CreateAsync(parse.GetValue(name)!, new ModelDefinition
            {
                Task = Cli.ParseEnum<ModelTask>(parse.GetValue(task)!, "--task"), Description = parse.GetValue(description)!, Owners = parse.GetValue(owners) ?? [],
            }, parse.GetValue(cluster.Actor)!, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(model);
            else
                AnsiConsole.MarkupLine($"created [bold]{Markup.Escape(model.Name)}[/] ({ModelTasks.Describe(model.Task)})");
        }, cancellationToken));
        return command;
    }

    private static Command Register()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("name") { Description = "The model (created on its first version)" };
        var run = new Option<string>("--run") { Description = "The run whose checkpoint becomes the version", Required = true };
        var latest = new Option<bool>("--latest") { Description = "The run's latest checkpoint (default: the best by its primary metric)" };
        var step = new Option<int?>("--step") { Description = "The run's checkpoint at this step" };
        var description = new Option<string>("--description") { DefaultValueFactory = _ => "" };
        var command = new Command("register", "Register a new version of a model from a run's checkpoint: best (default), --latest or --step N.");
        command.Arguments.Add(name);
        foreach (var option in cluster.All.Concat([run, latest, step, description]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            if (parse.GetValue(latest) && parse.GetValue(step) is not null)
                throw new ArgumentException("--latest and --step: choose one checkpoint");
            var choice = parse.GetValue(step) is not null ? CheckpointChoice.Step : parse.GetValue(latest) ? CheckpointChoice.Latest : CheckpointChoice.Best;
            var version = await models.RegisterAsync(parse.GetValue(name)!, new RegisterVersionRequest
            {
                Run = parse.GetValue(run)!, Choice = choice, Step = parse.GetValue(step), Description = parse.GetValue(description)!,
            }, parse.GetValue(cluster.Actor)!, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(version);
            else
                AnsiConsole.MarkupLine($"registered [bold]{Markup.Escape(version.Ref.ToString())}[/] from run {version.Run} step {version.Checkpoint.Step} ({Markup.Escape(version.ChosenBy)})");
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var cluster = new ClusterOptions();
        var task = new Option<string?>("--task") { Description = "foundation | classifier | instruct" };
        var command = new Command("list", "Registered models.");
        foreach (var option in cluster.All.Append(task))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var list = await models.ListAsync(parse.GetValue(task) is { } t ? Cli.ParseEnum<ModelTask>(t, "--task") : null, cancellationToken);
            if (parse.GetValue(cluster.Json))
            {
                RunPrinter.WriteJson(list);
                return;
            }
            var table = new Table().AddColumns("name", "task", "versions", "aliases", "owners", "updated");
            foreach (var m in list)
                table.AddRow(Markup.Escape(m.Name), ModelTasks.Describe(m.Task), m.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", m.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}→v{a.Value}"))),
                    Markup.Escape(string.Join(", ", m.Owners)), $"{m.UpdatedAt:u}");
            AnsiConsole.Write(table);
        }, cancellationToken));
        return command;
    }

    private static Command Show()
    {
        var cluster = new ClusterOptions();
        var reference = new Argument<string>("model") { Description = "NAME (the model and its versions), NAME@vN or NAME@ALIAS (one version)" };
        var command = new Command("show", "A model and its versions, or one version in full.");
        command.Arguments.Add(reference);
        foreach (var option in cluster.All)
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var parsed = ModelReference.Parse(parse.GetValue(reference), "model");
            var json = parse.GetValue(cluster.Json);
            if (parsed.Version is null && parsed.Alias is null)
            {
                var model = await models.GetAsync(parsed.Model, cancellationToken);
                var versions = await models.ListVersionsAsync(parsed.Model, cancellationToken);
                if (json)
                    RunPrinter.WriteJson(new { model, versions });
                else
                    ModelPrinter.Show(model, versions);
                return;
            }
            var version = await models.ResolveAsync(parsed.ToString(), cancellationToken);
            if (json)
                RunPrinter.WriteJson(version);
            else
                ModelPrinter.Show(version);
        }, cancellationToken));
        return command;
    }

    private static Command Lineage()
    {
        var cluster = new ClusterOptions();
        var reference = new Argument<string>("model") { Description = "NAME@vN, NAME@ALIAS or NAME (its latest version)" };
        var command = new Command("lineage", "A version's ancestors and descendants, with the run and dataset version of each step.");
        command.Arguments.Add(reference);
        foreach (var option in cluster.All)
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var lineage = await models.GetLineageAsync(parse.GetValue(reference)!, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(lineage);
            else
                ModelPrinter.Show(lineage);
        }, cancellationToken));
        return command;
    }

    private static Task<int> Run(ParseResult parse, ClusterOptions cluster, Func<ModelsClient, Task> body, CancellationToken cancellationToken) =>
        Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            await body(connection.Client.Models);
            return 0;
        });
}
