using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Tokenization;

namespace ExperimentPlatform.Training.Tests.Tokenization;

public sealed class TokenCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-tokens-").FullName;

    private static List<TrainingExample> Data(string last = "Call me Ishmael.") =>
    [
        new() { Split = DataSplit.Train, Text = "It was the best of times." },
        new() { Split = DataSplit.Validation, Text = "It was the worst of times." },
        new() { Split = DataSplit.Train, Text = last },
    ];

    /// <summary>The GPT-2 tokenizer, counting the texts it actually encodes.</summary>
    private sealed class Counting : ITokenizer
    {
        public int Calls { get; private set; }
        public string Name => Gpt2Tokenizer.Shared.Name;
        public int VocabularySize => Gpt2Tokenizer.Shared.VocabularySize;
        public int EndOfText => Gpt2Tokenizer.Shared.EndOfText;

        public IReadOnlyList<int> Encode(string text)
        {
            Calls++;
            return Gpt2Tokenizer.Shared.Encode(text);
        }

        public string Decode(IEnumerable<int> ids) => Gpt2Tokenizer.Shared.Decode(ids);
    }

    [Fact]
    public void A_second_run_on_the_same_data_reads_the_ids_instead_of_tokenizing()
    {
        var cache = new TokenCache(_folder);
        var first = new Counting();
        var cold = cache.Open(first, Data());
        var expected = Data().Select(e => cold.Encode(e.Text!).ToArray()).ToList();
        Assert.False(cold.Loaded);
        Assert.Equal(3, first.Calls);
        Assert.True(cold.Save());

        var second = new Counting();
        var warm = cache.Open(second, Data());
        Assert.True(warm.Loaded);
        Assert.Equal(expected, Data().Select(e => warm.Encode(e.Text!).ToArray()));
        Assert.Equal(0, second.Calls);
        Assert.Equal((3, 0), (warm.Hits, warm.Misses));
        Assert.False(warm.Save()); // nothing new to write
    }

    [Fact]
    public void Different_data_or_splits_get_different_files()
    {
        var key = TokenCache.DataKey(Data());
        Assert.Equal(key, TokenCache.DataKey(Data()));
        Assert.NotEqual(key, TokenCache.DataKey(Data(last: "Call me Ishmael!")));
        var moved = Data();
        moved[2] = moved[2] with { Split = DataSplit.Test };
        Assert.NotEqual(key, TokenCache.DataKey(moved));
        // A text moved from one field to another is different data too.
        Assert.NotEqual(TokenCache.DataKey([new() { Text = "a", Label = null }]), TokenCache.DataKey([new() { Text = null, Label = "a" }]));
    }

    [Fact]
    public void A_damaged_file_is_ignored_and_rewritten()
    {
        var cache = new TokenCache(_folder);
        var cold = cache.Open(Gpt2Tokenizer.Shared, Data());
        foreach (var example in Data())
            cold.Encode(example.Text!);
        cold.Save();
        var bytes = File.ReadAllBytes(cold.Path);
        File.WriteAllBytes(cold.Path, bytes[..(bytes.Length - 7)]); // cut short, as by a full disk

        var counting = new Counting();
        var reopened = cache.Open(counting, Data());
        Assert.False(reopened.Loaded);
        Assert.Equal(Gpt2Tokenizer.Shared.Encode("Call me Ishmael."), reopened.Encode("Call me Ishmael."));
        Assert.Equal(1, counting.Calls);
        Assert.True(reopened.Save());
        Assert.True(cache.Open(Gpt2Tokenizer.Shared, Data()).Loaded);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
