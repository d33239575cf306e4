using System.Text;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Web.Services;

/// <summary>What an upload's file name suggests: a dataset name (the resource-name rule) and a kind (by extension).</summary>
public static class DatasetNames
{
    public static string FromFile(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant();
        var name = new StringBuilder();
        foreach (var c in stem)
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        var text = name.ToString().Trim('-', '.', '_');
        return text.Length == 0 ? "dataset" : text[..Math.Min(text.Length, 60)];
    }

    public static DatasetKind? GuessKind(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".txt" or ".md" => DatasetKind.Text,
        ".csv" => DatasetKind.Classification,
        ".json" => DatasetKind.Instruction,
        _ => null,
    };

    /// <summary>The next free version name after <paramref name="versions"/> (v1, v2, …).</summary>
    public static string NextVersion(IEnumerable<string> versions)
    {
        var taken = versions.ToHashSet(StringComparer.Ordinal);
        var n = taken.Count + 1;
        while (taken.Contains($"v{n}"))
            n++;
        return $"v{n}";
    }
}
