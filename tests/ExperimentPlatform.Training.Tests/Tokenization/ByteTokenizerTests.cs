using ExperimentPlatform.Training.Tokenization;

namespace ExperimentPlatform.Training.Tests.Tokenization;

public sealed class ByteTokenizerTests
{
    [Fact]
    public void Text_round_trips_through_utf8_bytes()
    {
        var ids = ByteTokenizer.Shared.Encode("naïve ✓");
        Assert.Equal([110, 97, 195, 175, 118, 101, 32, 226, 156, 147], ids);
        Assert.Equal("naïve ✓", ByteTokenizer.Shared.Decode(ids));
    }

    [Fact]
    public void End_of_text_follows_the_256_byte_symbols()
    {
        Assert.Equal((257, 256), (ByteTokenizer.Shared.VocabularySize, ByteTokenizer.Shared.EndOfText));
        Assert.Equal("a<|endoftext|>b", ByteTokenizer.Shared.Decode([97, 256, 98]));
    }

    [Fact]
    public void Unknown_tokenizer_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Tokenizers.ByName("sentencepiece"));
        Assert.Contains("gpt2, bytes", error.Message);
    }
}
