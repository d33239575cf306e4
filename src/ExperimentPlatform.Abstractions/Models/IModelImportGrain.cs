namespace ExperimentPlatform.Models;

/// <summary>
/// One upload of a Hugging Face GPT-2 model (<c>config.json</c> and <c>model.safetensors</c>) into a foundation
/// model, keyed by a fresh id: start names the model and how to import, the caller sends each file in chunks (staged in
/// Blob storage), and completing validates both files — shapes against config.json, vocabulary against the tokenizer —
/// and hands the upload to the model, which runs the import. A refused upload deletes what was staged.
/// </summary>
[Alias("ep.IModelImportGrain")]
public interface IModelImportGrain : IGrainWithGuidKey
{
    public const int ChunkBytes = 1 << 20;
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";

    /// <summary>The largest config.json taken.</summary>
    public const int MaxConfigBytes = 1 << 20;

    [Alias("Start")]
    Task StartAsync(string model, ImportVersionRequest request, string actor);

    /// <summary>Stages chunk <paramref name="index"/> (0, 1, 2, … per file; at most <see cref="ChunkBytes"/>) of <paramref name="file"/>.</summary>
    [Alias("Append")]
    Task AppendAsync(string file, int index, byte[] chunk);

    /// <summary>Validates the upload and starts the import; the model's version appears when its run completes.</summary>
    [Alias("Complete"), ResponseTimeout("00:05:00")]
    Task<ModelImport> CompleteAsync();
}
