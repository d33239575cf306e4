using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Checkpoints;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header mapping each name
/// to its dtype, shape and byte range, then the raw little-endian tensor bytes. Tensors are written in name order.
/// </summary>
public static class SafeTensors
{
    private static readonly Dictionary<ScalarType, (string Name, int Size)> Types = new()
    {
        [ScalarType.Float32] = ("F32", 4),
        [ScalarType.Float16] = ("F16", 2),
        [ScalarType.BFloat16] = ("BF16", 2),
        [ScalarType.Float64] = ("F64", 8),
        [ScalarType.Int64] = ("I64", 8),
        [ScalarType.Int32] = ("I32", 4),
        [ScalarType.Byte] = ("U8", 1),
    };

    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        var ordered = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            var (dtype, size) = Types.TryGetValue(tensor.dtype, out var t) ? t : throw new NotSupportedException($"{name}: dtype {tensor.dtype}");
            var bytes = tensor.numel() * size;
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray([.. tensor.shape.Select(d => (JsonNode?)d)]),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padding = (8 - json.Length % 8) % 8; // keep tensor data 8-byte aligned, as the reference writer does
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.Length + padding));
        file.Write(length);
        file.Write(json);
        for (var i = 0; i < padding; i++)
            file.WriteByte((byte)' ');
        foreach (var (_, tensor) in ordered)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            file.Write(cpu.bytes);
        }
    }

    /// <summary>Reads every tensor (on the CPU) and the metadata.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> length = stackalloc byte[8];
        file.ReadExactly(length);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(length);
        if (headerLength > 100_000_000 || (long)headerLength > file.Length - 8)
            throw new InvalidDataException($"{path}: not a safetensors file (header length {headerLength})");
        var json = new byte[headerLength];
        file.ReadExactly(json);
        var header = JsonNode.Parse(json)!.AsObject();
        var dataStart = 8 + (long)headerLength;
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node!.AsObject())
                    metadata[key] = value!.GetValue<string>();
                continue;
            }
            var dtypeName = node!["dtype"]!.GetValue<string>();
            var (dtype, _) = Types.FirstOrDefault(t => t.Value.Name == dtypeName) is { Value.Name: not null } found
                ? (found.Key, found.Value.Size)
                : throw new NotSupportedException($"{path}: tensor '{name}' has unsupported dtype {dtypeName}");
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var range = node["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var bytes = new byte[range[1] - range[0]];
            file.Position = dataStart + range[0];
            file.ReadExactly(bytes);
            var tensor = empty(shape, dtype: dtype);
            tensor.bytes = bytes;
            tensors[name] = tensor;
        }
        return (tensors, metadata);
    }
}
