using System.Text.Json;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>Turns a source object (a JSON object or a CSV row) into a <see cref="DatasetRecord"/> of the wanted kind.</summary>
internal sealed class RecordMapper(DatasetKind kind, string textField, string labelField)
{
    private const string InstructionField = "instruction";
    private const string InputField = "input";
    private const string OutputField = "output";

    public DatasetKind Kind => kind;

    public string LabelField => labelField;

    public DatasetRecord FromJson(JsonElement element, string file, long line)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new DatasetInputException($"expected a JSON object, found {Describe(element.ValueKind)}", file, line);
        return kind switch
        {
            DatasetKind.Text => DatasetRecord.ForText(
                RequiredString(element, textField, file, line), Meta(element, textField)),
            DatasetKind.Classification => DatasetRecord.ForLabel(
                RequiredString(element, textField, file, line),
                RequiredLabel(element, file, line),
                Meta(element, textField, labelField)),
            _ => DatasetRecord.ForInstruction(
                RequiredString(element, InstructionField, file, line),
                OptionalString(element, InputField, file, line),
                RequiredString(element, OutputField, file, line),
                Meta(element, InstructionField, InputField, OutputField)),
        };
    }

    public DatasetRecord FromRow(IReadOnlyDictionary<string, string> row, string file, long line)
    {
        string Required(string field) =>
            !row.TryGetValue(field, out var value) ? throw new DatasetInputException($"missing field '{field}'", file, line)
            : value.Length == 0 ? throw new DatasetInputException($"field '{field}' is empty", file, line)
            : value;
        IReadOnlyList<KeyValuePair<string, JsonElement>> MetaOf(params string[] used) =>
            [.. row.Where(kv => !used.Contains(kv.Key) && kv.Value.Length > 0)
                   .Select(kv => KeyValuePair.Create(kv.Key, JsonSerializer.SerializeToElement(kv.Value)))];
        return kind switch
        {
            DatasetKind.Text => DatasetRecord.ForText(Required(textField), MetaOf(textField)),
            DatasetKind.Classification => DatasetRecord.ForLabel(Required(textField), Required(labelField).Trim(), MetaOf(textField, labelField)),
            _ => DatasetRecord.ForInstruction(Required(InstructionField), row.GetValueOrDefault(InputField) ?? "",
                Required(OutputField), MetaOf(InstructionField, InputField, OutputField)),
        };
    }

    /// <summary>The fields a CSV header must name for this kind.</summary>
    public IEnumerable<string> RequiredColumns() => kind switch
    {
        DatasetKind.Text => [textField],
        DatasetKind.Classification => [textField, labelField],
        _ => [InstructionField, OutputField],
    };

    private static string RequiredString(JsonElement obj, string field, string file, long line)
    {
        if (!obj.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            throw new DatasetInputException($"missing field '{field}'", file, line);
        if (value.ValueKind != JsonValueKind.String)
            throw new DatasetInputException($"field '{field}' must be a string, found {Describe(value.ValueKind)}", file, line);
        var text = value.GetString()!;
        if (text.Length == 0)
            throw new DatasetInputException($"field '{field}' is empty", file, line);
        return text;
    }

    private static string OptionalString(JsonElement obj, string field, string file, long line)
    {
        if (!obj.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            return "";
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new DatasetInputException($"field '{field}' must be a string, found {Describe(value.ValueKind)}", file, line);
    }

    private string RequiredLabel(JsonElement obj, string file, long line)
    {
        if (!obj.TryGetProperty(labelField, out var value) || value.ValueKind == JsonValueKind.Null)
            throw new DatasetInputException($"missing field '{labelField}'", file, line);
        var label = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new DatasetInputException(
                $"field '{labelField}' must be a string, number or boolean, found {Describe(value.ValueKind)}", file, line),
        };
        return label.Length > 0 ? label : throw new DatasetInputException($"field '{labelField}' is empty", file, line);
    }

    private static List<KeyValuePair<string, JsonElement>> Meta(JsonElement obj, params string[] used)
    {
        List<KeyValuePair<string, JsonElement>>? meta = null;
        foreach (var property in obj.EnumerateObject())
        {
            if (used.Contains(property.Name))
                continue;
            if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                (meta ??= []).Add(KeyValuePair.Create(property.Name, property.Value.Clone()));
        }
        return meta ?? [];
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
