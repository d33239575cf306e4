using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Web.Apis;

/// <summary>Query parameters of an upload (<c>POST /api/datasets/{name}/versions</c>).</summary>
public sealed record UploadOptions
{
    /// <summary>Name of the new version (required).</summary>
    public string? Version { get; init; }

    /// <summary><c>text</c>, <c>classification</c> or <c>instruction</c> (required).</summary>
    public string? Kind { get; init; }

    /// <summary><c>auto</c> (by file name), <c>plain-text</c>, <c>json-lines</c>, <c>json</c>, <c>csv</c>, <c>zip</c>.</summary>
    public string? Format { get; init; }

    /// <summary>Name of the uploaded file for a raw body; its extension picks the format.</summary>
    public string? FileName { get; init; }

    public string? TextField { get; init; }
    public string? LabelField { get; init; }
    public double? Train { get; init; }
    public double? Validation { get; init; }
    public double? Test { get; init; }
    public ulong? Seed { get; init; }
    public string? Description { get; init; }

    /// <summary>false: answer 202 with the import job at once instead of 201 with the version once imported.</summary>
    public bool? Wait { get; init; }

    public SplitPolicy Split()
    {
        var split = SplitPolicy.Default;
        return split with
        {
            Train = Train ?? split.Train,
            Validation = Validation ?? split.Validation,
            Test = Test ?? split.Test,
            Seed = Seed ?? split.Seed,
        };
    }

    public static T ParseEnum<T>(string? value, string parameter, T? fallback = null) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback ?? throw new DatasetInputException($"query parameter '{parameter}' is required ({Choices<T>()})");
        var compact = value.Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse<T>(compact, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new DatasetInputException($"'{value}' is not a valid {parameter} ({Choices<T>()})");
    }

    private static string Choices<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(n => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(n)));
}
