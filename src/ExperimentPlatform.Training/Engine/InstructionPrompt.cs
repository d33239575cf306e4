using ExperimentPlatform.Training.Tokenization;

namespace ExperimentPlatform.Training.Engine;

/// <summary>The Alpaca prompt template (as in LLMs-from-scratch, chapter 7); the response follows the prompt.</summary>
public static class InstructionPrompt
{
    public const string Preamble = "Below is an instruction that describes a task. Write a response that appropriately completes the request.";
    private const string ResponseMarker = "\n\n### Response:\n";

    /// <summary>
    /// Most tokens a prompt may take in a sequence of <paramref name="maxLength"/>: three quarters, leaving at least a
    /// quarter to the response. Training, evaluation and <c>ep generate</c> use the same budget.
    /// </summary>
    public static int Budget(int maxLength) => maxLength - maxLength / 4;

    public static string Format(string instruction, string? input) =>
        Head(instruction) + InputSection(input) + ResponseMarker;

    /// <summary>
    /// The prompt's token ids in at most <paramref name="maxTokens"/>: when it is too long the input is cut at its
    /// end, so the instruction and the response marker always survive.
    /// </summary>
    public static int[] Encode(ITokenizer tokenizer, string instruction, string? input, int maxTokens)
    {
        var head = tokenizer.Encode(Head(instruction));
        var inputIds = string.IsNullOrEmpty(input) ? [] : tokenizer.Encode(InputSection(input));
        var tail = tokenizer.Encode(ResponseMarker);
        var room = maxTokens - head.Count - tail.Count;
        if (room < 0)
            return [.. head.Take(Math.Max(0, maxTokens - tail.Count)), .. tail];
        return [.. head, .. inputIds.Take(room), .. tail];
    }

    private static string Head(string instruction) => $"{Preamble}\n\n### Instruction:\n{instruction}";

    private static string InputSection(string? input) => string.IsNullOrEmpty(input) ? "" : $"\n\n### Input:\n{input}";
}
