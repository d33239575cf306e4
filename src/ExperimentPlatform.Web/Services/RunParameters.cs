using System.Globalization;
using System.Text.Json;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>
/// Compare's parameter table: every setting of the runs' launch specs, flattened to dotted names
/// (<c>training.learningRate</c>), with the dataset version (and its hash) and the starting point as rows of their own.
/// </summary>
public static class RunParameters
{
    /// <summary>Fields that say nothing about the training (names and notes), left out of the table.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "name", "description", "experiment", "tags", "dataset", "start" };

    public static IReadOnlyList<ParameterRow> Table(IReadOnlyList<RunDetails> runs)
    {
        var perRun = runs.Select(Flatten).ToList();
        var names = perRun.SelectMany(p => p.Keys).Distinct(StringComparer.Ordinal).ToList();
        var rows = new List<ParameterRow>
        {
            new("dataset version", [.. runs.Select(r => $"{r.Dataset} (sha256:{r.Dataset.Sha256[..Math.Min(12, r.Dataset.Sha256.Length)]})")]),
            new("starting point", [.. runs.Select(StartingPoint)]),
        };
        rows.AddRange(names.Select(n => new ParameterRow(n, [.. perRun.Select(p => p.GetValueOrDefault(n, ""))])));
        return rows;
    }

    public static string StartingPoint(RunDetails run) =>
        run.StartModel is { } model ? $"model {model}"
        : run.StartCheckpoint is { } checkpoint ? $"run {checkpoint.Run} step {checkpoint.Step}"
        : run.StartImport is { } imported ? $"imported weights {imported.Id}"
        : "from scratch";

    private static Dictionary<string, string> Flatten(RunDetails run)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = JsonSerializer.SerializeToElement(run.Spec, RunJson.Options);
        foreach (var property in root.EnumerateObject())
            if (!Skipped.Contains(property.Name))
                Add(values, property.Name, property.Value);
        return values;
    }

    private static void Add(Dictionary<string, string> values, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                    Add(values, $"{name}.{property.Name}", property.Value);
                break;
            case JsonValueKind.Array:
                values[name] = string.Join(", ", value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()));
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                values[name] = "";
                break;
            case JsonValueKind.String:
                values[name] = value.GetString() ?? "";
                break;
            case JsonValueKind.Number:
                values[name] = value.TryGetDouble(out var number) ? number.ToString("G6", CultureInfo.InvariantCulture) : value.GetRawText();
                break;
            default:
                values[name] = value.GetRawText();
                break;
        }
    }
}
