using System.Text.Json.Nodes;
using ExperimentPlatform.Grains.Models.Imports;
using ExperimentPlatform.Models;

namespace ExperimentPlatform.Grains.Tests.Models;

/// <summary>The checks an uploaded Hugging Face GPT-2 passes before its weights are loaded anywhere.</summary>
public sealed class Gpt2WeightsTests
{
    private static readonly HuggingFaceGpt2Config Shape = new(Vocabulary: 10, Context: 4, Layers: 1, Heads: 2, Embedding: 4);

    /// <summary>A header for <see cref="Shape"/> (F32, packed), optionally with the hub's unprefixed names; and the file's size.</summary>
    private static (JsonObject Header, long FileBytes) Header(bool prefix = true)
    {
        var header = new JsonObject();
        long offset = 0;
        foreach (var (name, shape) in Gpt2Weights.Expected(Shape).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var bytes = shape.Aggregate(1L, (a, b) => a * b) * 4;
            header[(prefix ? "transformer." : "") + name] = new JsonObject
            {
                ["dtype"] = "F32", ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode?)d)]), ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        return (header, offset);
    }

    private static void Check(JsonObject header, long dataBytes)
    {
        var text = header.ToJsonString();
        Gpt2Weights.Check(text, text.Length, 8 + text.Length + dataBytes, Shape);
    }

    private static string Refusal(JsonObject header, long dataBytes) => Assert.Throws<FormatException>(() => Check(header, dataBytes)).Message;

    [Fact]
    public void A_complete_header_passes_with_or_without_the_prefix_and_with_the_buffers_the_hub_carries()
    {
        var (prefixed, bytes) = Header();
        prefixed["transformer.h.0.attn.bias"] = new JsonObject { ["dtype"] = "F32", ["shape"] = new JsonArray(1, 1, 4, 4), ["data_offsets"] = new JsonArray(0, 64) };
        prefixed["__metadata__"] = new JsonObject { ["format"] = "pt" };
        Check(prefixed, bytes);
        var (hub, _) = Header(prefix: false);
        Check(hub, bytes);
    }

    [Fact]
    public void Missing_extra_mistyped_and_malformed_tensors_are_named()
    {
        var (header, bytes) = Header();
        header.Remove("transformer.ln_f.bias");
        Assert.Equal("lacks 1 GPT-2 tensor(s): ln_f.bias", Refusal(header, bytes));

        (header, bytes) = Header();
        header["transformer.h.1.ln_1.weight"] = header["transformer.h.0.ln_1.weight"]!.DeepClone();
        Assert.Equal("tensor 'transformer.h.1.ln_1.weight' is not part of GPT-2 (1 layers per config.json)", Refusal(header, bytes));

        (header, bytes) = Header();
        header["transformer.wte.weight"]!["dtype"] = "I64";
        Assert.Equal("tensor 'transformer.wte.weight' has dtype 'I64'; F32, F16 or BF16 is required", Refusal(header, bytes));

        (header, bytes) = Header();
        header["transformer.wpe.weight"]!["shape"] = new JsonArray("four", 4);
        Assert.StartsWith("tensor 'transformer.wpe.weight' has a malformed header entry", Refusal(header, bytes));

        (header, bytes) = Header();
        Assert.Contains("is the file complete?", Refusal(header, bytes - 1));
    }

    [Fact]
    public void A_config_names_the_key_that_does_not_fit()
    {
        const string good = """{"model_type": "gpt2", "vocab_size": 10, "n_positions": 4, "n_layer": 1, "n_head": 2, "n_embd": 4, "n_inner": null, "activation_function": "gelu_new"}""";
        Assert.Equal(Shape, HuggingFaceGpt2Config.Parse(good));
        string Refused(string json) => Assert.Throws<FormatException>(() => HuggingFaceGpt2Config.Parse(json)).Message;
        Assert.Equal("lacks n_layer", Refused(good.Replace("\"n_layer\": 1, ", "")));
        Assert.Equal("n_head is 0; a positive whole number is required", Refused(good.Replace("\"n_head\": 2", "\"n_head\": 0")));
        Assert.Equal("n_embd 4 is not divisible by n_head 3", Refused(good.Replace("\"n_head\": 2", "\"n_head\": 3")));
        Assert.Equal("n_inner is 8; only GPT-2's 4 × n_embd (16) MLP width can be imported", Refused(good.Replace("\"n_inner\": null", "\"n_inner\": 8")));
        Assert.Equal("activation_function is 'relu'; GPT-2's tanh GELU (gelu_new) is required", Refused(good.Replace("gelu_new", "relu")));
        Assert.StartsWith("is not JSON", Refused("{"));
    }
}
