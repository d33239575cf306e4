using System.IO.Compression;
using ExperimentPlatform.Models;

namespace ExperimentPlatform.Client;

/// <summary>
/// The two files of a Hugging Face GPT-2 model to upload, from a folder or a zip (at its root or in one folder inside):
/// <c>config.json</c> and <c>model.safetensors</c>. Other files (tokenizer, README) are ignored.
/// </summary>
internal sealed class HuggingFaceSource : IDisposable
{
    private readonly ZipArchive? _zip;
    private readonly string? _folder;

    private HuggingFaceSource(string folder) => _folder = folder;

    private HuggingFaceSource(ZipArchive zip) => _zip = zip;

    public static IReadOnlyList<string> Files { get; } = [IModelImportGrain.ConfigFile, IModelImportGrain.WeightsFile];

    /// <summary>A folder, or a zip file, on this machine.</summary>
    public static HuggingFaceSource FromPath(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var file in Files)
                if (!File.Exists(Path.Combine(path, file)))
                    throw new ModelInputException("from", $"'{path}' has no {file}; a Hugging Face GPT-2 folder holds config.json and model.safetensors");
            return new HuggingFaceSource(path);
        }
        if (!File.Exists(path))
            throw new ModelInputException("from", $"'{path}' is neither a folder nor a file");
        return FromZip(File.OpenRead(path), $"'{path}'");
    }

    /// <summary>A zip read from a seekable stream (disposed with the source); <paramref name="described"/> names it in errors.</summary>
    public static HuggingFaceSource FromZip(Stream zip, string described)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            zip.Dispose();
            throw new ModelInputException("from", $"{described} is not a zip file ({e.Message}); give a Hugging Face GPT-2 folder or a zip of one");
        }
        foreach (var file in Files)
        {
            var matches = archive.Entries.Count(e => IsEntry(e, file));
            if (matches != 1)
            {
                archive.Dispose();
                throw new ModelInputException("from", matches == 0
                    ? $"{described} holds no {file}; a Hugging Face GPT-2 zip holds config.json and model.safetensors"
                    : $"{described} holds {matches} files named {file}; zip one model");
            }
        }
        return new HuggingFaceSource(archive);
    }

    public Stream Open(string file) =>
        _zip is not null ? _zip.Entries.Single(e => IsEntry(e, file)).Open() : File.OpenRead(Path.Combine(_folder!, file));

    /// <summary>A file at the zip's root or one folder down (zips of a folder).</summary>
    private static bool IsEntry(ZipArchiveEntry entry, string file) =>
        entry.FullName == file || entry.FullName.EndsWith("/" + file, StringComparison.Ordinal) && entry.FullName.Count(c => c == '/') == 1;

    public void Dispose() => _zip?.Dispose();
}
