namespace ExperimentPlatform.Runs;

/// <summary>The tokenizers a run can name, with their vocabulary sizes (the engine's tokenizers must agree).</summary>
public static class TokenizerNames
{
    public const string Gpt2 = "gpt2";
    public const string Bytes = "bytes";

    public static readonly IReadOnlyDictionary<string, int> VocabularySizes = new Dictionary<string, int>
    {
        [Gpt2] = 50257,
        [Bytes] = 257,
    };
}
