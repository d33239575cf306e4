using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using ExperimentPlatform.Cli.Cluster;
using ExperimentPlatform.Cli.Output;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep models import</c> and <c>ep models export</c>: Hugging Face GPT-2 folders in and out of the registry.</summary>
internal static class HuggingFaceCommands
{
    public static IEnumerable<Command> All() => [Import(), Export()];

    private static Command Import()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("name") { Description = "The foundation model the import becomes a version of (created if needed)" };
        var from = new Option<string>("--from") { Description = "A Hugging Face GPT-2 folder (config.json, model.safetensors) or a zip of one", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "The text dataset the weights are evaluated on (NAME or NAME@VERSION)", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "The tokenizer the model was trained with: gpt2 | bytes", DefaultValueFactory = _ => TokenizerNames.Gpt2 };
        var description = new Option<string>("--description") { DefaultValueFactory = _ => "" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the import run is launched" };
        var command = new Command("import", "Import a Hugging Face GPT-2 model as a foundation version: checked, evaluated on --dataset by an import run, then registered.");
        command.Arguments.Add(name);
        foreach (var option in cluster.All.Concat([from, dataset, tokenizer, description, noWait]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => PromotionCommands.Run(parse, cluster, async models =>
        {
            var json = parse.GetValue(cluster.Json);
            var model = parse.GetValue(name)!;
            var import = await models.ImportAsync(model, parse.GetValue(from)!, new ImportVersionRequest
            {
                Dataset = parse.GetValue(dataset)!, Tokenizer = parse.GetValue(tokenizer)!, Description = parse.GetValue(description)!,
            }, parse.GetValue(cluster.Actor)!, cancellationToken);
            if (!json)
                AnsiConsole.MarkupLine($"uploaded {import.Weights.Bytes:N0} bytes (sha256 {import.Weights.Sha256[..12]}…): {import.Layers} layers, {import.Heads} heads, " +
                                       $"width {import.Embedding}, context {import.Context}; import run [bold]{import.Run}[/]");
            if (!parse.GetValue(noWait))
                import = await models.WaitForImportAsync(model, import.Id, cancellationToken);
            if (json)
                RunPrinter.WriteJson(import);
            else if (import.Status == ModelImportStatus.Registered)
            {
                var version = await models.ResolveAsync($"{model}@v{import.Version}", cancellationToken);
                AnsiConsole.MarkupLine($"registered [bold]{Markup.Escape(version.Ref.ToString())}[/]: " +
                                       Markup.Escape(string.Join(", ", version.Metrics.Where(m => m.Key.EndsWith("/loss", StringComparison.Ordinal) || m.Key.EndsWith("/perplexity", StringComparison.Ordinal))
                                           .OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value.ToString("G5", CultureInfo.InvariantCulture)}"))));
            }
            else if (import.Status == ModelImportStatus.Failed)
                Console.Error.WriteLine($"ep: import failed: {import.Error}");
            return import.Status == ModelImportStatus.Failed ? 1 : 0;
        }, cancellationToken));
        return command;
    }

    private static Command Export()
    {
        var cluster = new ClusterOptions();
        var reference = new Argument<string>("model") { Description = "NAME@vN, NAME@ALIAS or NAME (its latest version)" };
        var output = new Option<string>("--out") { Description = "A .zip file to write, or a folder to unpack config.json and model.safetensors into", Required = true };
        var command = new Command("export", "Export a version as a Hugging Face GPT-2 folder (transformers' from_pretrained loads it), made on a worker.");
        command.Arguments.Add(reference);
        foreach (var option in cluster.All.Append(output))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => PromotionCommands.Run(parse, cluster, async models =>
        {
            var target = parse.GetValue(output)!;
            var asZip = target.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
            if (asZip ? File.Exists(target) : Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
                throw new ArgumentException($"--out: '{target}' exists{(asZip ? "" : " and is not empty")}; name a new {(asZip ? "file" : "folder")}");
            var actor = parse.GetValue(cluster.Actor)!;
            var export = await models.ExportAsync(parse.GetValue(reference)!, actor, cancellationToken);
            var zip = asZip ? target : Path.Combine(Path.GetTempPath(), $"ep-export-{Guid.NewGuid():N}.zip");
            try
            {
                await using (var file = File.Create(zip))
                    await models.DownloadExportAsync(export, file, actor, cancellationToken);
                if (!asZip)
                {
                    // Unpacked aside and moved into place: a failed export leaves no half-written folder.
                    var staging = $"{Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar)}.part-{Guid.NewGuid():N}";
                    ZipFile.ExtractToDirectory(zip, staging);
                    if (Directory.Exists(target))
                        Directory.Delete(target);
                    Directory.Move(staging, target);
                }
            }
            catch when (asZip)
            {
                File.Delete(zip);
                throw;
            }
            finally
            {
                if (!asZip)
                    File.Delete(zip);
            }
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(new { export.Version, export.Bytes, export.Sha256, path = Path.GetFullPath(target) });
            else
                AnsiConsole.MarkupLine($"exported [bold]{Markup.Escape(export.Version.ToString())}[/] to {Markup.Escape(target)} ({export.Bytes:N0} bytes zipped, sha256 {export.Sha256[..12]}…)");
            return 0;
        }, cancellationToken));
        return command;
    }
}
