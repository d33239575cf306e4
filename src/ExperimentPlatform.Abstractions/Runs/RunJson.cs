using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ExperimentPlatform.Runs;

/// <summary>The JSON form of specs and run records (spec files, HTTP, the executor's hand-off): camelCase, enums in kebab-case.</summary>
public static partial class RunJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>
    /// For specs a person writes (HTTP bodies, <c>--spec FILE</c>): a field the spec does not have is refused, naming it,
    /// instead of being ignored while its default is used (<c>"learning_rate"</c> for <c>learningRate</c>; names match
    /// without regard to case, so <c>"learningrate"</c> is <c>learningRate</c>). Stored
    /// records keep the lenient <see cref="Options"/>, so older and newer writers' records stay readable.
    /// </summary>
    public static readonly JsonSerializerOptions SpecOptions = new(Create()) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

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
            return JsonSerializer.Deserialize<RunSpec>(json, SpecOptions) ?? throw new RunSpecException("spec", "is empty (null)");
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
        if (UnknownField().Match(e.Message) is { Success: true } unknown)
        {
            var type = typeof(RunSpec).Assembly.GetType(unknown.Groups[2].Value);
            var known = type is null ? [] : SpecOptions.GetTypeInfo(type).Properties.Select(p => p.Name).ToList();
            var name = unknown.Groups[1].Value;
            var inside = e.Path?.TrimStart('$', '.') ?? "";
            var at = inside.Length == 0 ? name : inside == name || inside.EndsWith("." + name, StringComparison.Ordinal) ? inside : $"{inside}.{name}";
            var owner = at.Length > name.Length ? at[..^(name.Length + 1)] : "";
            var near = known.FirstOrDefault(k => Letters(k) == Letters(name));
            return (at, $"is not a field of {(owner.Length == 0 ? "a launch spec" : owner)}" +
                (near is not null ? $"; did you mean '{near}'?" : known.Count > 0 ? $" (its fields: {string.Join(", ", known)})" : "") + where);
        }
        var target = typeof(RunSpec).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && e.Message.Contains($"to {t.FullName}.", StringComparison.Ordinal));
        var problem = target is not null
            ? $"is not one of {string.Join(", ", Enum.GetNames(target).Select(JsonNamingPolicy.KebabCaseLower.ConvertName))}"
            : e.Message.Split(" Path:")[0];
        return (field, problem + where);
    }

    /// <summary>A name as letters and digits in lower case: <c>learning_rate</c> and <c>learningRate</c> are the same name misspelled.</summary>
    private static string Letters(string name) => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    [GeneratedRegex("The JSON property '(.+?)' could not be mapped to any .NET member contained in type '(.+?)'")]
    private static partial Regex UnknownField();
}
