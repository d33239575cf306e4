using System.Text.Json;
using System.Text.Json.Serialization;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Checkpoints;

/// <summary>Writes and reads checkpoint folders (see <see cref="CheckpointManifest"/>).</summary>
public static class Checkpoint
{
    public const string ManifestFile = "trainer.json";
    public const string WeightsFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string RngFile = "rng.bin";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // An evaluation can be NaN (e.g. no response token survived truncation); keep it rather than fail the checkpoint.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>
    /// Writes a checkpoint into <paramref name="folder"/> atomically: everything goes to a sibling temporary folder
    /// first, which then replaces the target.
    /// </summary>
    public static void Save(string folder, CheckpointManifest manifest, nn.Module model, FlatAdamW optimizer, Generator dataOrder)
    {
        var temporary = folder.TrimEnd('/') + $".tmp-{Guid.NewGuid():N}";
        Directory.CreateDirectory(temporary);
        SafeTensors.Save(Path.Combine(temporary, WeightsFile), model.state_dict(),
            new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "ExperimentPlatform" });
        optimizer.Save(Path.Combine(temporary, OptimizerFile));
        using (var writer = new BinaryWriter(File.Create(Path.Combine(temporary, RngFile))))
        {
            WriteState(writer, get_rng_state());
            WriteState(writer, dataOrder.get_state());
        }
        File.WriteAllText(Path.Combine(temporary, ManifestFile), JsonSerializer.Serialize(manifest, Json));
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.Move(temporary, folder);
    }

    public static CheckpointManifest ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{folder}' is not a checkpoint: it has no {ManifestFile}");
        var manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty");
        return manifest.Format == CheckpointManifest.CurrentFormat
            ? manifest
            : throw new InvalidDataException($"{path}: checkpoint format {manifest.Format} is not supported (expected {CheckpointManifest.CurrentFormat})");
    }

    /// <summary>
    /// Loads weights into <paramref name="model"/>; names must match exactly, except stored tensors whose names
    /// start with <paramref name="skip"/>, which are left out.
    /// </summary>
    public static void LoadWeights(string folder, nn.Module model, string? skip = null)
    {
        var (tensors, _) = SafeTensors.Load(Path.Combine(folder, WeightsFile));
        if (skip is not null)
        {
            foreach (var name in tensors.Keys.Where(k => k.StartsWith(skip, StringComparison.Ordinal)).ToList())
            {
                tensors[name].Dispose();
                tensors.Remove(name);
            }
        }
        try
        {
            var (missing, unexpected) = model.load_state_dict(tensors, strict: false);
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new InvalidDataException(
                    $"{folder}: weights do not fit the model (missing: {string.Join(", ", missing)}; unexpected: {string.Join(", ", unexpected)})");
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
    }

    public static void LoadOptimizer(string folder, FlatAdamW optimizer) => optimizer.Load(Path.Combine(folder, OptimizerFile));

    public static void LoadRng(string folder, Generator dataOrder)
    {
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(folder, RngFile)));
        using var global = ReadState(reader);
        using var order = ReadState(reader);
        set_rng_state(global);
        dataOrder.set_state(order);
    }

    private static void WriteState(BinaryWriter writer, Tensor state)
    {
        using (state)
        {
            var bytes = state.bytes.ToArray();
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    private static Tensor ReadState(BinaryReader reader)
    {
        var bytes = reader.ReadBytes(reader.ReadInt32());
        var state = empty([bytes.Length], dtype: ScalarType.Byte);
        state.bytes = bytes;
        return state;
    }
}
