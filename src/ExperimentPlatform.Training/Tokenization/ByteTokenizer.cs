using System.Text;

namespace ExperimentPlatform.Training.Tokenization;

/// <summary>
/// UTF-8 bytes as tokens: ids 0–255 are the 256 byte values, 256 is &lt;|endoftext|&gt;. A tiny vocabulary for
/// fast CPU experiments; sequences are ~4× longer than with GPT-2 BPE.
/// </summary>
public sealed class ByteTokenizer : ITokenizer
{
    public static ByteTokenizer Shared { get; } = new();

    public string Name => "bytes";

    public int VocabularySize => 257;

    public int EndOfText => 256;

    public IReadOnlyList<int> Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var ids = new int[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
            ids[i] = bytes[i];
        return ids;
    }

    /// <summary>Decodes the byte ids; &lt;|endoftext|&gt; is written out, invalid UTF-8 becomes U+FFFD.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (id is >= 0 and < 256)
            {
                bytes.Add((byte)id);
                continue;
            }
            text.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
            text.Append(id == EndOfText ? "<|endoftext|>" : throw new ArgumentOutOfRangeException(nameof(ids), $"id {id} is not a byte token"));
        }
        return text.Append(Encoding.UTF8.GetString([.. bytes])).ToString();
    }
}
