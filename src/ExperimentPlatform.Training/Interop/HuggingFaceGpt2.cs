using System.Text.Json;
using System.Text.Json.Nodes;
using ExperimentPlatform.Training.Checkpoints;
using ExperimentPlatform.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Interop;

/// <summary>
/// Hugging Face GPT-2 folders (<c>config.json</c> + <c>model.safetensors</c>), in both directions. Parameter
/// names are the same as ours; Hugging Face's Conv1D layers (<c>attn.c_attn</c>, <c>attn.c_proj</c>,
/// <c>mlp.c_fc</c>, <c>mlp.c_proj</c>) store weights as (in, out), so those are transposed. The LM head is tied to
/// <c>wte</c> and not stored. Export writes what <c>GPT2LMHeadModel.from_pretrained</c> (or
/// <c>GPT2ForSequenceClassification</c> for classifiers) loads; import also accepts the hub's layout without the
/// <c>transformer.</c> prefix and skips the attention-mask buffers older files carry.
/// </summary>
public static class HuggingFaceGpt2
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";
    private const string Prefix = "transformer.";
    private static readonly string[] Conv1D = [".attn.c_attn.weight", ".attn.c_proj.weight", ".mlp.c_fc.weight", ".mlp.c_proj.weight"];

    /// <summary>True when <paramref name="folder"/> looks like a Hugging Face GPT-2 export.</summary>
    public static bool IsHuggingFaceFolder(string folder) =>
        File.Exists(Path.Combine(folder, ConfigFile)) && File.Exists(Path.Combine(folder, WeightsFile))
        && !File.Exists(Path.Combine(folder, Checkpoint.ManifestFile));

    /// <summary>Writes a language model (or, with <paramref name="classes"/>, a classifier) in Hugging Face's layout.</summary>
    public static void Export(string folder, nn.Module module, GptConfig config, IReadOnlyList<string>? classes = null, int endOfText = 50256)
    {
        Directory.CreateDirectory(folder);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, tensor) in module.state_dict())
                tensors[name] = IsConv1D(name) ? tensor.detach().t().contiguous() : tensor.detach();
            SafeTensors.Save(Path.Combine(folder, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        }
        finally
        {
            foreach (var (name, tensor) in tensors)
                if (IsConv1D(name))
                    tensor.Dispose();
        }
        var json = new JsonObject
        {
            ["model_type"] = "gpt2",
            ["architectures"] = new JsonArray(classes is null ? "GPT2LMHeadModel" : "GPT2ForSequenceClassification"),
            ["vocab_size"] = config.VocabularySize,
            ["n_positions"] = config.ContextLength,
            ["n_ctx"] = config.ContextLength,
            ["n_embd"] = config.Embedding,
            ["n_layer"] = config.Layers,
            ["n_head"] = config.Heads,
            ["n_inner"] = null,
            ["activation_function"] = "gelu_new",
            ["layer_norm_epsilon"] = 1e-5,
            ["resid_pdrop"] = config.Dropout,
            ["embd_pdrop"] = config.Dropout,
            ["attn_pdrop"] = config.Dropout,
            ["initializer_range"] = 0.02,
            ["bos_token_id"] = endOfText,
            ["eos_token_id"] = endOfText,
            ["tie_word_embeddings"] = true,
        };
        if (classes is not null)
        {
            json["num_labels"] = classes.Count;
            json["pad_token_id"] = endOfText;
            json["id2label"] = new JsonObject(classes.Select((c, i) => KeyValuePair.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)c)));
            json["label2id"] = new JsonObject(classes.Select((c, i) => KeyValuePair.Create(c, (JsonNode?)i)));
        }
        File.WriteAllText(Path.Combine(folder, ConfigFile), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The model shape a Hugging Face GPT-2 config.json describes.</summary>
    public static GptConfig ReadConfig(string folder)
    {
        ExperimentPlatform.Models.HuggingFaceGpt2Config config;
        try
        {
            config = ExperimentPlatform.Models.HuggingFaceGpt2Config.Parse(File.ReadAllText(Path.Combine(folder, ConfigFile)));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{Path.Combine(folder, ConfigFile)}: {e.Message}");
        }
        return new GptConfig
        {
            VocabularySize = config.Vocabulary, ContextLength = config.Context, Layers = config.Layers, Heads = config.Heads, Embedding = config.Embedding, Dropout = 0,
        }.Validated();
    }

    /// <summary>Loads a Hugging Face GPT-2 folder into a new model (its LM weights; a classifier's score head is skipped).</summary>
    public static Gpt Import(string folder, double dropout = 0)
    {
        var model = new Gpt(ReadConfig(folder) with { Dropout = dropout });
        var (stored, _) = SafeTensors.Load(Path.Combine(folder, WeightsFile));
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (raw, tensor) in stored)
            {
                var name = raw.StartsWith(Prefix, StringComparison.Ordinal) || raw.StartsWith("lm_head.", StringComparison.Ordinal) || raw.StartsWith("score.", StringComparison.Ordinal)
                    ? raw : Prefix + raw;
                if (name.EndsWith(".attn.bias", StringComparison.Ordinal) || name.EndsWith(".attn.masked_bias", StringComparison.Ordinal)
                    || name.StartsWith("lm_head.", StringComparison.Ordinal) || name.StartsWith("score.", StringComparison.Ordinal))
                    continue; // causal-mask buffers; the tied LM head; a classifier's head
                var value = tensor.to(ScalarType.Float32);
                weights[name] = IsConv1D(name) ? value.t().contiguous() : value;
            }
            var (missing, unexpected) = model.load_state_dict(weights, strict: false);
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new InvalidDataException($"{folder}: weights do not fit GPT-2 (missing: {string.Join(", ", missing)}; unexpected: {string.Join(", ", unexpected)})");
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in stored.Values.Concat(weights.Values))
                tensor.Dispose();
        }
    }

    private static bool IsConv1D(string name) => Conv1D.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));
}
