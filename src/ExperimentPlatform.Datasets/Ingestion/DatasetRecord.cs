using System.Text.Json;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>
/// One record in its canonical shape. Which fields are set depends on the dataset kind:
/// text → <see cref="Text"/>; classification → <see cref="Text"/> + <see cref="Label"/>;
/// instruction → <see cref="Instruction"/>, <see cref="Input"/>, <see cref="Output"/>.
/// </summary>
public sealed record DatasetRecord
{
    public string? Text { get; init; }
    public string? Label { get; init; }
    public string? Instruction { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }

    /// <summary>Scalar fields the source carried besides the ones above (e.g. year, president, group).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Meta { get; init; } = [];

    public static DatasetRecord ForText(string text, IReadOnlyList<KeyValuePair<string, JsonElement>>? meta = null) =>
        new() { Text = text, Meta = meta ?? [] };

    public static DatasetRecord ForLabel(string text, string label, IReadOnlyList<KeyValuePair<string, JsonElement>>? meta = null) =>
        new() { Text = text, Label = label, Meta = meta ?? [] };

    public static DatasetRecord ForInstruction(string instruction, string input, string output,
        IReadOnlyList<KeyValuePair<string, JsonElement>>? meta = null) =>
        new() { Instruction = instruction, Input = input, Output = output, Meta = meta ?? [] };

    /// <summary>The characters a model reads for this record (used for length and character statistics).</summary>
    public long TextLength(DatasetKind kind) => kind switch
    {
        DatasetKind.Instruction => ScalarCount(Instruction) + ScalarCount(Input) + ScalarCount(Output),
        _ => ScalarCount(Text),
    };

    /// <summary>Unicode scalar values: UTF-16 length less the trailing half of each surrogate pair.</summary>
    public static long ScalarCount(string? s)
    {
        if (s is null)
            return 0;
        long lows = 0;
        foreach (var c in s)
        {
            if (char.IsLowSurrogate(c))
                lows++;
        }
        return s.Length - lows;
    }
}
