using System.Globalization;
using System.Text.Json;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Workers;

/// <summary>One line of <c>ep train --json</c>, as the executor reads it.</summary>
public sealed record EpLine(string Kind, RunEvent? Event, int Step, string? Path, double Seconds, bool Paused, string? Error);

/// <summary>Reads the <c>ep train --json</c> event stream (the contract between a worker and its training process).</summary>
public static class EpEventParser
{
    public static EpLine? Parse(string line, int attempt, DateTimeOffset now)
    {
        if (line.Length == 0 || line[0] != '{')
            return null;
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(line).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
        var kind = root.TryGetProperty("event", out var e) ? e.GetString() ?? "" : "";
        var step = root.TryGetProperty("step", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0;
        switch (kind)
        {
            case "step":
                var values = new Dictionary<string, double>
                {
                    [MetricNames.TrainLoss] = Number(root, "loss"),
                    [MetricNames.LearningRate] = Number(root, "lr"),
                    ["train/grad_norm"] = Number(root, "grad_norm"),
                    [MetricNames.TokensPerSecond] = Number(root, "tokens_per_second"),
                    [MetricNames.Tokens] = Number(root, "tokens"),
                };
                return new EpLine(kind, new RunEvent { Type = RunEventTypes.Step, Attempt = attempt, Step = step, At = now, Values = values }, step, null, 0, false, null);
            case "eval":
                var split = root.GetProperty("split").GetString();
                var metrics = root.GetProperty("metrics").EnumerateObject()
                    .ToDictionary(m => $"{split}/{m.Name}", m => m.Value.ValueKind == JsonValueKind.Number ? m.Value.GetDouble() : Parse(m.Value.GetString()));
                return new EpLine(kind, new RunEvent { Type = RunEventTypes.Eval, Attempt = attempt, Step = step, At = now, Values = metrics }, step, null, 0, false, null);
            case "sample":
                var text = $"{root.GetProperty("prompt").GetString()}{root.GetProperty("text").GetString()}";
                return new EpLine(kind, new RunEvent { Type = RunEventTypes.Sample, Attempt = attempt, Step = step, At = now, Text = text }, step, null, 0, false, null);
            case "checkpoint":
                return new EpLine(kind, null, step, root.GetProperty("path").GetString(), Number(root, "seconds"), false, null);
            case "summary":
                var paused = root.TryGetProperty("paused", out var p) && p.ValueKind == JsonValueKind.True;
                RunEvent? note = null;
                if (root.TryGetProperty("token_cache", out var cache) && cache.ValueKind == JsonValueKind.Object)
                    note = new RunEvent
                    {
                        Type = RunEventTypes.Log, Attempt = attempt, Step = step, At = now,
                        Text = $"token ids: {cache.GetProperty("hits").GetInt32()} texts read from the shared cache, {cache.GetProperty("misses").GetInt32()} tokenized",
                    };
                return new EpLine(kind, note, step, null, 0, paused, null);
            case "error":
                return new EpLine(kind, null, 0, null, 0, false, root.GetProperty("message").GetString());
            default:
                return null;
        }
    }

    private static double Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.Number ? v.GetDouble() : Parse(v.GetString()) : double.NaN;

    private static double Parse(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : value switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => double.NaN,
        };
}
