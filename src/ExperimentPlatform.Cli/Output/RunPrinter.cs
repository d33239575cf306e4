using System.Globalization;
using System.Text.Json;
using ExperimentPlatform.Runs;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Output;

/// <summary>How the cluster commands print runs and events, for people and (with --json) for programs.</summary>
internal static class RunPrinter
{
    public static readonly JsonSerializerOptions Json = new(RunJson.Options) { WriteIndented = false };

    public static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>One JSON object per event; a step event has <c>step</c> and <c>loss</c> at the top level.</summary>
    public static void WriteEventJson(RunEvent e)
    {
        if (e.Type == RunEventTypes.Step)
            WriteJson(new
            {
                @event = "step", seq = e.Seq, attempt = e.Attempt, step = e.Step, loss = e.Values.GetValueOrDefault("train/loss"),
                lr = e.Values.GetValueOrDefault("train/lr"), tokens_per_second = e.Values.GetValueOrDefault("train/tokens_per_second"),
            });
        else
            WriteJson(new { @event = e.Type, seq = e.Seq, attempt = e.Attempt, step = e.Step, values = e.Values, text = e.Text });
    }

    /// <summary><c>ep runs launch --check</c>: every problem of the spec and the estimate; 0 when a launch would be accepted.</summary>
    public static int WriteCheck(LaunchCheck check, bool json)
    {
        if (json)
            WriteJson(check);
        else
        {
            foreach (var p in check.Problems)
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(p.Field)}[/]: {Markup.Escape(p.Problem)}");
            if (check.Accepted)
                AnsiConsole.MarkupLine("[green]a launch would be accepted[/]");
            if (check.Estimate is { } e)
            {
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"tokens per step {e.TokensPerStep:N0} ({e.RecordsPerStep:N0} records), in all {e.TotalTokens:N0}"
                    + (e.Epochs is { } epochs ? $", {epochs:0.##} epochs over the train split" : ""));
                AnsiConsole.MarkupLine(e.Duration is { } d
                    ? $"about {Markup.Escape(FormatDuration(d))} at {e.TokensPerSecond:N0} tokens/s ({Markup.Escape(e.Basis)})"
                    : Markup.Escape(e.Basis));
            }
        }
        return check.Accepted ? 0 : 1;
    }

    private static string FormatDuration(TimeSpan d) =>
        d.TotalHours >= 1 ? $"{(int)d.TotalHours} h {d.Minutes} min" : d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes} min {d.Seconds} s" : $"{d.TotalSeconds:0} s";

    public static void Show(RunDetails run)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("id", run.Id);
        table.AddRow("status", Status(run.Status) + (run.Waiting is { } waiting ? $" ({Markup.Escape(waiting)})" : ""));
        table.AddRow("kind", run.Spec.Kind.ToString().ToLowerInvariant());
        table.AddRow("dataset", Markup.Escape(run.Dataset.ToString()));
        table.AddRow("experiment", Markup.Escape(run.Spec.Experiment));
        table.AddRow("step", $"{run.Progress.Step} / {run.Spec.Training.Steps}");
        if (run.Assignment is { } a)
            table.AddRow("attempt", $"{run.Attempt} on {Markup.Escape(a.Silo)} ({a.Accelerator}, {a.Slots} slot(s))");
        foreach (var (name, value) in run.Progress.Latest.OrderBy(m => m.Key, StringComparer.Ordinal).Where(m => !m.Key.Contains("confusion", StringComparison.Ordinal)))
            table.AddRow(Markup.Escape(name), value.ToString("G6", CultureInfo.InvariantCulture));
        table.AddRow("checkpoints", string.Join(", ", run.Checkpoints.Select(c => $"step {c.Step} ({c.Bytes / 1024.0 / 1024.0:F1} MiB)")));
        table.AddRow("created", $"{run.CreatedAt:u} by {Markup.Escape(run.CreatedBy)}");
        if (run.Failure is { } failure)
            table.AddRow("[red]error[/]", Markup.Escape(failure.Error));
        AnsiConsole.Write(table);
    }

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Completed => "[green]completed[/]",
        RunStatus.Failed => "[red]failed[/]",
        RunStatus.Cancelled => "[grey]cancelled[/]",
        RunStatus.Running => "[blue]running[/]",
        _ => status.ToString().ToLowerInvariant(),
    };
}
