namespace ExperimentPlatform.Training.Tokenization;

/// <summary>Text ↔ token ids. Implementations are thread-safe.</summary>
public interface ITokenizer
{
    /// <summary>Stable name stored in checkpoints ("gpt2", "bytes").</summary>
    string Name { get; }

    int VocabularySize { get; }

    /// <summary>Id of &lt;|endoftext|&gt;: separates documents and ends generations.</summary>
    int EndOfText { get; }

    IReadOnlyList<int> Encode(string text);

    string Decode(IEnumerable<int> ids);
}
