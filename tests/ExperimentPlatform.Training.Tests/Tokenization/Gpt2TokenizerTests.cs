using ExperimentPlatform.Training.Tokenization;

namespace ExperimentPlatform.Training.Tests.Tokenization;

public sealed class Gpt2TokenizerTests
{
    [Fact]
    public void Encodes_hello_world_to_the_ids_gpt2_uses()
    {
        Assert.Equal([15496, 11, 995], Gpt2Tokenizer.Shared.Encode("Hello, world"));
    }

    [Fact]
    public void Decoding_gives_back_the_text_including_unicode()
    {
        const string text = "Call me Ishmael. Some years ago—never mind how long precisely…";
        var ids = Gpt2Tokenizer.Shared.Encode(text);
        Assert.Equal(text, Gpt2Tokenizer.Shared.Decode(ids));
        Assert.Equal(ids.Count, Gpt2Tokenizer.Shared.CountTokens(text));
    }

    [Fact]
    public void End_of_text_is_the_last_id_of_the_vocabulary()
    {
        Assert.Equal(Gpt2Tokenizer.Shared.VocabularySize - 1, Gpt2Tokenizer.Shared.EndOfText);
        Assert.Equal("<|endoftext|>", Gpt2Tokenizer.Shared.Decode([Gpt2Tokenizer.Shared.EndOfText]));
    }
}
