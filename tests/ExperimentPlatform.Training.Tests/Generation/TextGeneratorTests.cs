using ExperimentPlatform.Training.Generation;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Tokenization;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Tests.Generation;

public sealed class TextGeneratorTests
{
    private static Gpt Model(int seed = 1234, int context = 256)
    {
        manual_seed(seed);
        return new Gpt(new GptConfig { VocabularySize = 257, ContextLength = context, Layers = 2, Heads = 4, Embedding = 64 });
    }

    private static readonly IReadOnlyList<int> Prompt = ByteTokenizer.Shared.Encode("Hello");

    [Fact]
    public void Greedy_generation_from_a_seeded_model_is_golden()
    {
        using var model = Model();
        var greedy = TextGenerator.Generate(model, Prompt, 256, new GenerationOptions { MaxNewTokens = 8, StopAtEndOfText = false });
        var sampled = TextGenerator.Generate(model, Prompt, 256,
            new GenerationOptions { MaxNewTokens = 8, StopAtEndOfText = false, Temperature = 1.0, Seed = 99 });
        // Pinned from a first run: a change to initialization, the model or decoding shows up here.
        Assert.Equal(string.Join(",", GreedyGolden), string.Join(",", greedy));
        Assert.Equal(string.Join(",", SampledGolden), string.Join(",", sampled));
    }

    private static readonly int[] GreedyGolden = [111, 111, 111, 111, 111, 111, 111, 111];
    private static readonly int[] SampledGolden = [216, 160, 173, 166, 42, 166, 156, 64];

    [Fact]
    public void Kv_cache_generation_equals_full_recomputation()
    {
        using var model = Model();
        var options = new GenerationOptions { MaxNewTokens = 40, StopAtEndOfText = false };
        var cached = TextGenerator.Generate(model, Prompt, 256, options);
        var uncached = TextGenerator.Generate(model, Prompt, 256, options with { UseKvCache = false });
        Assert.Equal(uncached, cached);

        var sampled = TextGenerator.Generate(model, Prompt, 256, options with { Temperature = 1.0, TopK = 20, TopP = 0.9 });
        var sampledUncached = TextGenerator.Generate(model, Prompt, 256, options with { Temperature = 1.0, TopK = 20, TopP = 0.9, UseKvCache = false });
        Assert.Equal(sampledUncached, sampled);
    }

    [Fact]
    public void Sampling_is_reproducible_by_seed_and_top_k_1_is_greedy()
    {
        using var model = Model();
        var options = new GenerationOptions { MaxNewTokens = 20, StopAtEndOfText = false, Temperature = 1.5 };
        Assert.Equal(TextGenerator.Generate(model, Prompt, 256, options), TextGenerator.Generate(model, Prompt, 256, options));
        var greedy = TextGenerator.Generate(model, Prompt, 256, options with { Temperature = 0 });
        Assert.Equal(greedy, TextGenerator.Generate(model, Prompt, 256, options with { TopK = 1 }));
    }

    [Fact]
    public void Generation_stops_at_end_of_text()
    {
        using var model = Model();
        var ids = TextGenerator.Generate(model, Prompt, 256, new GenerationOptions { MaxNewTokens = 30, StopAtEndOfText = false });
        var stopAt = ids[3];
        var stopped = TextGenerator.Generate(model, Prompt, stopAt, new GenerationOptions { MaxNewTokens = 30 });
        Assert.Equal(ids.Take(ids.ToList().IndexOf(stopAt) + 1), stopped);
    }
}
