using System.Globalization;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Models;

/// <summary>
/// How users name a model version: <c>name@vN</c> (that version), <c>name@alias</c> (the version the alias points
/// at when it is resolved) or <c>name</c> (the latest version).
/// </summary>
public sealed record ModelReference(string Model, int? Version, string? Alias)
{
    public static ModelReference Parse(string? text, string field = "model")
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new ModelInputException(field, "is empty; expected NAME, NAME@vN or NAME@ALIAS");
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? text : text[..at];
        if (ResourceName.Problem(name, "model name") is { } problem)
            throw new ModelInputException(field, problem);
        if (at < 0)
            return new ModelReference(name, null, null);
        var after = text[(at + 1)..];
        if (VersionNumber(after) is { } version)
            return new ModelReference(name, version, null);
        if (ModelAliases.Problem(after) is { } aliasProblem)
            throw new ModelInputException(field, $"'{text}': {aliasProblem}");
        return new ModelReference(name, null, after);
    }

    /// <summary>N for <c>vN</c> (N ≥ 1), else null.</summary>
    public static int? VersionNumber(string text) =>
        text.Length > 1 && text[0] == 'v' && text[1] != '0' && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>What the model grain resolves: <c>vN</c>, the alias, or empty for the latest version.</summary>
    public string Selector => Version is { } v ? $"v{v}" : Alias ?? "";

    public override string ToString() => Version is { } v ? $"{Model}@v{v}" : Alias is { } a ? $"{Model}@{a}" : Model;
}
