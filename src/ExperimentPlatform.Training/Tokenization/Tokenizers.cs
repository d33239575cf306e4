namespace ExperimentPlatform.Training.Tokenization;

/// <summary>Looks tokenizers up by the name checkpoints and commands use.</summary>
public static class Tokenizers
{
    public static readonly string[] Names = ["gpt2", "bytes"];

    public static ITokenizer ByName(string name) => name switch
    {
        "gpt2" => Gpt2Tokenizer.Shared,
        "bytes" => ByteTokenizer.Shared,
        _ => throw new ArgumentException($"unknown tokenizer '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
