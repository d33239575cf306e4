using System.IO.Compression;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>One file of an import's source: a file on disk, an entry of a zip, or an uploaded blob.</summary>
public sealed record SourceFile(string Name, Func<Stream> Open)
{
    private static readonly string[] Known = [".txt", ".md", ".jsonl", ".json", ".csv", ".zip"];

    /// <summary>The files under a path: the file itself, or a folder's files in ordinal path order (hidden ones skipped).</summary>
    public static IReadOnlyList<SourceFile> FromPath(string path)
    {
        if (File.Exists(path))
            return [new SourceFile(Path.GetFileName(path), () => File.OpenRead(path))];
        if (!Directory.Exists(path))
            throw new DatasetInputException($"no file or folder at '{path}'");
        var root = Path.GetFullPath(path);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(rel => !rel.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .Select(rel => new SourceFile(rel, () => File.OpenRead(Path.Combine(root, rel))))
            .ToList();
        return files.Count > 0 ? files : throw new DatasetInputException($"folder '{path}' holds no files");
    }

    /// <summary>The entries of a zip archive in ordinal name order, skipping folders and hidden or macOS metadata entries.</summary>
    public static IEnumerable<SourceFile> FromZip(SourceFile zip)
    {
        using var stream = zip.Open();
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetInputException($"not a readable zip archive: {e.Message}", zip.Name);
        }
        using (archive)
        {
            var entries = archive.Entries
                .Where(e => !e.FullName.EndsWith('/') && !e.FullName.Split('/').Any(p => p.StartsWith('.') || p == "__MACOSX"))
                .OrderBy(e => e.FullName, StringComparer.Ordinal)
                .ToList();
            if (entries.Count == 0)
                throw new DatasetInputException("zip archive holds no files", zip.Name);
            foreach (var entry in entries)
            {
                var name = $"{zip.Name}/{entry.FullName}";
                if (FormatOf(entry.FullName) == DatasetFormat.Zip)
                    throw new DatasetInputException("zip archives inside zip archives are not read", name);
                yield return new SourceFile(name, entry.Open);
            }
        }
    }

    /// <summary>The format a file name implies; throws for extensions no reader handles.</summary>
    public static DatasetFormat FormatOf(string name)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        return extension switch
        {
            ".txt" or ".md" => DatasetFormat.PlainText,
            ".jsonl" => DatasetFormat.JsonLines,
            ".json" => DatasetFormat.Json,
            ".csv" => DatasetFormat.Csv,
            ".zip" => DatasetFormat.Zip,
            _ => throw new DatasetInputException(
                $"unsupported file type '{(extension.Length == 0 ? "(none)" : extension)}' (expected {string.Join(", ", Known)})", name),
        };
    }
}
