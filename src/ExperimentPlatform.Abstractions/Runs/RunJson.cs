using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExperimentPlatform.Runs;

/// <summary>The JSON form of specs and run records (spec files, HTTP, the executor's hand-off): camelCase, enums in kebab-case.</summary>
public static class RunJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }

    /// <summary>Reads a spec; malformed JSON becomes a <see cref="RunSpecException"/> naming the path and line.</summary>
    public static RunSpec ParseSpec(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<RunSpec>(json, Options) ?? throw new RunSpecException("spec", "is empty (null)");
        }
        catch (JsonException e)
        {
            var (field, problem) = Describe(e, "spec");
            throw new RunSpecException(field, problem);
        }
    }

    /// <summary>The JSON path (or <paramref name="whole"/>) and what was wrong there, with allowed enum values and the line.</summary>
    public static (string Field, string Problem) Describe(JsonException e, string whole)
    {
        var field = e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : whole;
        var where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
        var target = typeof(RunSpec).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && e.Message.Contains($"to {t.FullName}.", StringComparison.Ordinal));
        var problem = target is not null
            ? $"is not one of {string.Join(", ", Enum.GetNames(target).Select(JsonNamingPolicy.KebabCaseLower.ConvertName))}"
            : e.Message.Split(" Path:")[0];
        return (field, problem + where);
    }
}
