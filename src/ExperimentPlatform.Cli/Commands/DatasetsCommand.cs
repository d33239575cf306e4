using System.CommandLine;
using ExperimentPlatform.Cli.Cluster;
using ExperimentPlatform.Cli.Output;
using ExperimentPlatform.Datasets;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep datasets</c>: list, show and upload datasets on the cluster.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "Datasets on the platform (connects to --cluster, default the local platform).");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Upload());
        command.Subcommands.Add(Derive());
        return command;
    }

    private static Command List()
    {
        var cluster = new ClusterOptions();
        var command = new Command("list", "Every dataset with its latest version.");
        foreach (var option in cluster.All)
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            var datasets = await connection.Client.Datasets.ListAsync(cancellationToken);
            if (parse.GetValue(cluster.Json))
            {
                RunPrinter.WriteJson(datasets);
                return 0;
            }
            var table = new Table().AddColumns("name", "kind", "versions", "latest", "records", "sha256");
            foreach (var d in datasets)
                table.AddRow(Markup.Escape(d.Name), d.Kind.ToString().ToLowerInvariant(), $"{d.VersionCount}", Markup.Escape(d.Latest.Name),
                    $"{d.Latest.Statistics.Documents:N0}", d.Latest.Sha256[..12]);
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("name");
        var command = new Command("show", "A dataset's versions, references and history (JSON).");
        command.Arguments.Add(name);
        foreach (var option in cluster.All)
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            RunPrinter.WriteJson(await connection.Client.Datasets.GetAsync(parse.GetValue(name)!, cancellationToken));
            return 0;
        }));
        return command;
    }

    private static Command Upload()
    {
        var cluster = new ClusterOptions();
        var file = new Argument<string>("file") { Description = "The file to upload (.txt, .md, .jsonl, .json, .csv, .zip)" };
        var name = new Option<string>("--name") { Description = "Dataset name", Required = true };
        var version = new Option<string>("--version") { Description = "Version name", Required = true };
        var kind = new Option<string>("--kind") { Description = "text | classification | instruction", Required = true };
        var description = new Option<string>("--description") { DefaultValueFactory = _ => "" };
        var textField = new Option<string>("--text-field") { DefaultValueFactory = _ => "text" };
        var labelField = new Option<string>("--label-field") { DefaultValueFactory = _ => "label" };
        var command = new Command("upload", "Upload a file as a new dataset version; bad content is refused with file, line and reason.");
        command.Arguments.Add(file);
        foreach (var option in cluster.All.Concat([name, version, kind, description, textField, labelField]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
                throw new FileNotFoundException($"no file '{path}'");
            var request = new ImportRequest
            {
                Version = parse.GetValue(version)!, Kind = Cli.ParseEnum<DatasetKind>(parse.GetValue(kind)!, "--kind"),
                SourceType = ImportSourceType.StagedUpload, Location = "", Actor = parse.GetValue(cluster.Actor)!,
                Description = parse.GetValue(description)!, TextField = parse.GetValue(textField)!, LabelField = parse.GetValue(labelField)!,
            };
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            await using var content = File.OpenRead(path);
            var created = await connection.Client.Datasets.UploadAsync(parse.GetValue(name)!, Path.GetFileName(path), content, request, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(created);
            else
                AnsiConsole.MarkupLine($"{Markup.Escape(parse.GetValue(name)!)}@{Markup.Escape(created.Name)}: {created.Statistics.Documents:N0} records, sha256 {created.Sha256[..12]}");
            return 0;
        }));
        return command;
    }

    private static Command Derive()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("name") { Description = "The dataset to add the version to (created on its first version)" };
        var from = new Option<string>("--from") { Description = "The source: NAME@VERSION (or NAME, its latest version)", Required = true };
        var split = new Option<string?>("--split") { Description = "train | validation | test: take only that split of the source (default: every record)" };
        var version = new Option<string>("--version") { Description = "Version name", Required = true };
        var kind = new Option<string>("--kind") { Description = "text | classification | instruction (text drops labels; default text)", DefaultValueFactory = _ => "text" };
        var description = new Option<string>("--description") { DefaultValueFactory = _ => "" };
        var command = new Command("derive", "A new dataset version from another one's records: one split or all, e.g. a classification train split as unlabeled text.");
        command.Arguments.Add(name);
        foreach (var option in cluster.All.Concat([from, split, version, kind, description]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            var target = Cli.ParseEnum<DatasetKind>(parse.GetValue(kind)!, "--kind");
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            var created = await connection.Client.Datasets.DeriveAsync(parse.GetValue(name)!, parse.GetValue(version)!, parse.GetValue(from)!, parse.GetValue(split),
                target, parse.GetValue(cluster.Actor)!, parse.GetValue(description)!, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(created);
            else
                AnsiConsole.MarkupLine($"{Markup.Escape(parse.GetValue(name)!)}@{Markup.Escape(created.Name)}: {created.Statistics.Documents:N0} records from {Markup.Escape(created.Source)}, sha256 {created.Sha256[..12]}");
            return 0;
        }));
        return command;
    }
}
