using System.Globalization;
using ExperimentPlatform.Models;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Output;

/// <summary>How <c>ep models</c> prints models, versions and lineage for people.</summary>
internal static class ModelPrinter
{
    public static void Show(RegisteredModel model, IReadOnlyList<ModelVersion> versions)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(model.Name)}[/] ({ModelTasks.Describe(model.Task)}), owners {Markup.Escape(string.Join(", ", model.Owners))}");
        if (model.Description.Length > 0)
            AnsiConsole.WriteLine(model.Description);
        foreach (var (alias, version) in model.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal))
            AnsiConsole.MarkupLine($"  {Markup.Escape(alias)} → v{version}");
        var table = new Table().AddColumns("version", "run", "step", "chosen by", "dataset", "parent", "metrics", "registered");
        foreach (var v in versions)
            table.AddRow($"v{v.Version}", v.Run, v.Checkpoint.Step.ToString(CultureInfo.InvariantCulture), Markup.Escape(v.ChosenBy), Markup.Escape(v.Dataset.ToString()),
                Markup.Escape(v.Parent?.ToString() ?? (v.Imported is null ? "" : "Hugging Face import")), Markup.Escape(Headline(v.Metrics)), $"{v.RegisteredAt:u} {Markup.Escape(v.RegisteredBy)}");
        AnsiConsole.Write(table);
    }

    public static void Show(ModelVersion v)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("version", Markup.Escape(v.Ref.ToString()));
        table.AddRow("task", ModelTasks.Describe(v.Task));
        table.AddRow("run", $"{v.Run} step {v.Checkpoint.Step} ({Markup.Escape(v.ChosenBy)})");
        table.AddRow("dataset", $"{Markup.Escape(v.Dataset.ToString())} (sha256 {v.Dataset.Sha256[..Math.Min(12, v.Dataset.Sha256.Length)]})");
        table.AddRow("parent", Markup.Escape(v.Parent?.ToString()
            ?? (v.StartCheckpoint is { } c ? $"run {c.Run} step {c.Step}" : v.Imported is { } i ? $"imported: {i}" : "none (from scratch)")));
        table.AddRow("model", $"{Markup.Escape(v.Config.Model.Config)}, context {v.ContextLength}, tokenizer {Markup.Escape(v.Tokenizer)}");
        if (v.Classes.Count > 0)
            table.AddRow("classes", Markup.Escape(string.Join(", ", v.Classes)));
        foreach (var (name, value) in v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Where(m => !m.Key.Contains("confusion", StringComparison.Ordinal)))
            table.AddRow(Markup.Escape(name), value.ToString("G6", CultureInfo.InvariantCulture));
        table.AddRow("code", Markup.Escape(v.CodeVersion));
        table.AddRow("registered", $"{v.RegisteredAt:u} by {Markup.Escape(v.RegisteredBy)}");
        if (v.Description.Length > 0)
            table.AddRow("description", Markup.Escape(v.Description));
        AnsiConsole.Write(table);
    }

    public static void Show(ModelLineage lineage)
    {
        foreach (var node in lineage.Ancestors.Reverse())
            AnsiConsole.MarkupLine($"  {Line(node)}");
        AnsiConsole.MarkupLine($"[bold]▶ {Line(lineage.Version)}[/]");
        foreach (var node in lineage.Descendants)
            AnsiConsole.MarkupLine($"    ↳ {Line(node)} (from {Markup.Escape(node.Parent?.ToString() ?? "")})");
    }

    private static string Line(LineageNode node) =>
        Markup.Escape($"{node.Version} {ModelTasks.Describe(node.Task)}: run {node.Run} ({node.Kind.ToString().ToLowerInvariant()}) on {node.Dataset} {Headline(node.Metrics)}"
                      + (node.Imported is { } i ? $" — {i}" : ""));

    private static readonly string[] HeadlineMetrics = ["test/accuracy", "test/loss", "validation/accuracy", "validation/loss"];

    /// <summary>The figures people compare first: test, then validation, accuracy and loss.</summary>
    private static string Headline(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(" ", HeadlineMetrics.Where(metrics.ContainsKey).Take(2).Select(k => $"{k} {metrics[k].ToString("G4", CultureInfo.InvariantCulture)}"));
}
