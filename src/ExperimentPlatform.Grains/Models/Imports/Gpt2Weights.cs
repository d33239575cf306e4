using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExperimentPlatform.Models;

namespace ExperimentPlatform.Grains.Models.Imports;

/// <summary>
/// Checks a <c>model.safetensors</c> header against the GPT-2 shape its config.json declares, before any weights are
/// loaded: every tensor GPT-2 needs is there with its shape (Hugging Face's Conv1D layout, (in, out)), a float dtype, and
/// a byte range inside the file; nothing else is there but the causal-mask buffers, a tied LM head and a classifier's
/// score head (all skipped on import). Names may carry the <c>transformer.</c> prefix or not (the hub's layout).
/// Throws <see cref="FormatException"/> naming the tensor.
/// </summary>
public static class Gpt2Weights
{
    /// <summary>The header's length field plus a sane bound on the header (GPT-2 XL's is ~60 KB).</summary>
    public const int MaxHeaderBytes = 16 << 20;

    private static readonly Dictionary<string, int> DtypeBytes = new(StringComparer.Ordinal) { ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2 };

    /// <summary>The tensors GPT-2 of this shape has, by name without the prefix, with their shapes.</summary>
    public static Dictionary<string, long[]> Expected(HuggingFaceGpt2Config c)
    {
        long e = c.Embedding;
        var expected = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["wte.weight"] = [c.Vocabulary, e], ["wpe.weight"] = [c.Context, e], ["ln_f.weight"] = [e], ["ln_f.bias"] = [e],
        };
        for (var i = 0; i < c.Layers; i++)
        {
            var h = $"h.{i}.";
            expected[h + "ln_1.weight"] = [e];
            expected[h + "ln_1.bias"] = [e];
            expected[h + "attn.c_attn.weight"] = [e, 3 * e];
            expected[h + "attn.c_attn.bias"] = [3 * e];
            expected[h + "attn.c_proj.weight"] = [e, e];
            expected[h + "attn.c_proj.bias"] = [e];
            expected[h + "ln_2.weight"] = [e];
            expected[h + "ln_2.bias"] = [e];
            expected[h + "mlp.c_fc.weight"] = [e, 4 * e];
            expected[h + "mlp.c_fc.bias"] = [4 * e];
            expected[h + "mlp.c_proj.weight"] = [4 * e, e];
            expected[h + "mlp.c_proj.bias"] = [e];
        }
        return expected;
    }

    /// <summary>A header entry's dtype, shape and data offsets, or a message naming the tensor whose entry is malformed.</summary>
    private static (string Dtype, long[] Shape, long[] Offsets) Entry(string raw, JsonNode? node)
    {
        try
        {
            return (node?["dtype"]?.GetValue<string>() ?? "",
                node?["shape"]?.AsArray().Select(Whole).ToArray() ?? [],
                node?["data_offsets"]?.AsArray().Select(Whole).ToArray() ?? []);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new FormatException($"tensor '{raw}' has a malformed header entry (dtype a string, shape and data_offsets lists of whole numbers are required)");
        }
    }

    private static long Whole(JsonNode? node) => node?.GetValue<long>() ?? throw new FormatException("null");

    /// <summary>The header's length from the file's first 8 bytes (little-endian).</summary>
    public static long HeaderLength(ReadOnlySpan<byte> first8, long fileBytes)
    {
        if (first8.Length < 8)
            throw new FormatException($"is {fileBytes} bytes long; a safetensors file starts with an 8-byte header length");
        var length = BitConverter.ToInt64(first8[..8]);
        if (length <= 0 || length > MaxHeaderBytes || 8 + length > fileBytes)
            throw new FormatException($"declares a header of {length} bytes in a file of {fileBytes} bytes; this is not a safetensors file");
        return length;
    }

    /// <summary>Checks the header (<paramref name="headerBytes"/> long, after the length field) of a file of <paramref name="fileBytes"/>.</summary>
    public static void Check(string header, long headerBytes, long fileBytes, HuggingFaceGpt2Config config)
    {
        JsonObject tensors;
        try
        {
            tensors = JsonNode.Parse(header) as JsonObject ?? throw new FormatException("the header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"the header is not JSON: {e.Message}");
        }
        var expected = Expected(config);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var dataBytes = fileBytes - 8 - headerBytes;
        foreach (var (raw, node) in tensors)
        {
            if (raw == "__metadata__")
                continue;
            var name = raw.StartsWith("transformer.", StringComparison.Ordinal) ? raw["transformer.".Length..] : raw;
            if (name.EndsWith(".attn.bias", StringComparison.Ordinal) || name.EndsWith(".attn.masked_bias", StringComparison.Ordinal)
                || name.StartsWith("lm_head.", StringComparison.Ordinal) || name.StartsWith("score.", StringComparison.Ordinal))
                continue;
            if (!expected.TryGetValue(name, out var shape))
                throw new FormatException($"tensor '{raw}' is not part of GPT-2 ({config.Layers} layers per config.json)");
            if (!found.Add(name))
                throw new FormatException($"tensor '{name}' appears twice (with and without the transformer. prefix)");
            var (dtype, actual, offsets) = Entry(raw, node);
            if (!DtypeBytes.TryGetValue(dtype, out var size))
                throw new FormatException($"tensor '{raw}' has dtype '{dtype}'; F32, F16 or BF16 is required");
            if (!actual.SequenceEqual(shape))
                throw new FormatException($"tensor '{raw}' has shape [{string.Join(", ", actual)}]; config.json's shape needs [{string.Join(", ", shape)}]");
            var bytes = shape.Aggregate(1L, (a, b) => a * b) * size;
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] - offsets[0] != bytes || offsets[1] > dataBytes)
                throw new FormatException($"tensor '{raw}' has data_offsets [{string.Join(", ", offsets)}]; {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes within the file's {dataBytes.ToString("N0", CultureInfo.InvariantCulture)} are required (is the file complete?)");
        }
        var missing = expected.Keys.Where(k => !found.Contains(k)).ToList();
        if (missing.Count > 0)
            throw new FormatException($"lacks {missing.Count} GPT-2 tensor(s): {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}");
    }
}
