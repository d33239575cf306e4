using System.IO.Compression;
using ExperimentPlatform.Models;

namespace ExperimentPlatform.Client;

/// <summary>
/// The two files of a Hugging Face GPT-2 model to upload, from a folder or a zip (at its root or in one folder inside):
/// <c>config.json</c> and <c>model.safetensors</c>. Other files (tokenizer, README) are ignored.
/// </summary>
internal sealed class HuggingFaceSource : IDisposable
{
    private static readonly string[] Needed = [IModelImportGrain.ConfigFile, IModelImportGrain.WeightsFile];
    private readonly ZipArchive? _zip;
    private readonly string? _folder;

    public HuggingFaceSource(string path)
    {
        if (Directory.Exists(path))
        {
            _folder = path;
            foreach (var file in Needed)
                if (!File.Exists(Path.Combine(path, file)))
                    throw new ModelInputException("from", $"'{path}' has no {file}; a Hugging Face GPT-2 folder holds config.json and model.safetensors");
            return;
        }
        if (!File.Exists(path))
            throw new ModelInputException("from", $"'{path}' is neither a folder nor a file");
        try
        {
            _zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new ModelInputException("from", $"'{path}' is not a zip file ({e.Message}); give a Hugging Face GPT-2 folder or a zip of one");
        }
        foreach (var file in Needed)
        {
            var matches = _zip.Entries.Count(e => IsEntry(e, file));
            if (matches != 1)
            {
                _zip.Dispose();
                throw new ModelInputException("from", matches == 0
                    ? $"'{path}' holds no {file}; a Hugging Face GPT-2 zip holds config.json and model.safetensors"
                    : $"'{path}' holds {matches} files named {file}; zip one model");
            }
        }
    }

    public static IReadOnlyList<string> Files => Needed;

    public Stream Open(string file) =>
        _zip is not null ? _zip.Entries.Single(e => IsEntry(e, file)).Open() : File.OpenRead(Path.Combine(_folder!, file));

    /// <summary>A file at the zip's root or one folder down (zips of a folder).</summary>
    private static bool IsEntry(ZipArchiveEntry entry, string file) =>
        entry.FullName == file || entry.FullName.EndsWith("/" + file, StringComparison.Ordinal) && entry.FullName.Count(c => c == '/') == 1;

    public void Dispose() => _zip?.Dispose();
}
