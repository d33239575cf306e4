using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>
/// The canonical form of a version's content: UTF-8 JSON Lines, one record per line, LF endings, fields in a
/// fixed order (text, label | instruction, input, output, then meta with keys in ordinal order), minimal
/// escaping. The version's SHA-256 is taken over exactly these bytes, so equal content gives equal hashes
/// whatever the source format was.
/// </summary>
internal sealed class CanonicalJson : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;

    public CanonicalJson() => _writer = new Utf8JsonWriter(_buffer, Options);

    /// <summary>Serializes one record as a line (with its trailing '\n'); the span is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Line(DatasetRecord record, DatasetKind kind)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        if (kind == DatasetKind.Instruction)
        {
            _writer.WriteString("instruction", record.Instruction);
            _writer.WriteString("input", record.Input ?? "");
            _writer.WriteString("output", record.Output);
        }
        else
        {
            _writer.WriteString("text", record.Text);
            if (kind == DatasetKind.Classification)
                _writer.WriteString("label", record.Label);
        }
        if (record.Meta.Count > 0)
        {
            _writer.WriteStartObject("meta");
            foreach (var (key, value) in record.Meta.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                _writer.WritePropertyName(key);
                value.WriteTo(_writer);
            }
            _writer.WriteEndObject();
        }
        _writer.WriteEndObject();
        _writer.Flush();
        _buffer.Write("\n"u8);
        return _buffer.WrittenMemory;
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Reads a canonical line back into a record.</summary>
    public static DatasetRecord Parse(ReadOnlySpan<byte> line)
    {
        using var document = JsonDocument.Parse(line.ToArray());
        var root = document.RootElement;
        string? Get(string name) => root.TryGetProperty(name, out var v) ? v.GetString() : null;
        var meta = root.TryGetProperty("meta", out var m)
            ? m.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.Clone())).ToList()
            : [];
        return new DatasetRecord
        {
            Text = Get("text"),
            Label = Get("label"),
            Instruction = Get("instruction"),
            Input = Get("input"),
            Output = Get("output"),
            Meta = meta,
        };
    }
}
