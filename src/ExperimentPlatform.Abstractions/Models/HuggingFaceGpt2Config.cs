using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExperimentPlatform.Models;

/// <summary>
/// The shape a Hugging Face GPT-2 <c>config.json</c> declares, checked for what the platform's GPT can load: model type
/// gpt2, GPT-2's tanh GELU, the MLP 4× wide, the width divisible by the heads. <see cref="Parse"/> throws
/// <see cref="FormatException"/> naming the key and what is allowed.
/// </summary>
public sealed record HuggingFaceGpt2Config(int Vocabulary, int Context, int Layers, int Heads, int Embedding)
{
    public static HuggingFaceGpt2Config Parse(string json)
    {
        JsonObject config;
        try
        {
            config = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"is not JSON: {e.Message}");
        }
        if (Text(config, "model_type") is { } type && type != "gpt2")
            throw new FormatException($"model_type is '{type}'; only gpt2 models can be imported");
        if (Text(config, "activation_function") is { } activation && activation is not ("gelu_new" or "gelu_pytorch_tanh"))
            throw new FormatException($"activation_function is '{activation}'; GPT-2's tanh GELU (gelu_new) is required");
        var embedding = Positive(config, "n_embd");
        var heads = Positive(config, "n_head");
        if (embedding % heads != 0)
            throw new FormatException($"n_embd {embedding} is not divisible by n_head {heads}");
        if (config["n_inner"] is { } inner && inner.GetValueKind() != JsonValueKind.Null && Positive(config, "n_inner") != 4 * embedding)
            throw new FormatException($"n_inner is {inner}; only GPT-2's 4 × n_embd ({4 * embedding}) MLP width can be imported");
        var context = config.ContainsKey("n_positions") ? Positive(config, "n_positions") : Positive(config, "n_ctx");
        return new HuggingFaceGpt2Config(Positive(config, "vocab_size"), context, Positive(config, "n_layer"), heads, embedding);
    }

    private static string? Text(JsonObject config, string key) =>
        config[key] is { } node ? node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw new FormatException($"{key} is not a string") : null;

    private static int Positive(JsonObject config, string key)
    {
        if (config[key] is not { } node)
            throw new FormatException($"lacks {key}");
        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var value) || value <= 0)
            throw new FormatException($"{key} is {node.ToJsonString()}; a positive whole number is required");
        return value;
    }
}
