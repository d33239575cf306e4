using ExperimentPlatform.Training.Model;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Tests.Model;

public sealed class GptTests
{
    private static GptConfig TwoLayers => new() { VocabularySize = 257, ContextLength = 32, Layers = 2, Heads = 2, Embedding = 16 };

    [Fact]
    public void Logits_have_one_row_per_position_and_vocabulary_entry()
    {
        manual_seed(1);
        using var model = new Gpt(TwoLayers);
        using var idx = randint(0, 257, [3, 10], dtype: ScalarType.Int64);
        using var logits = model.forward(idx);
        Assert.Equal([3L, 10L, 257L], logits.shape);
    }

    [Fact]
    public void State_dict_names_are_gpt2s()
    {
        using var model = new Gpt(TwoLayers with { Layers = 1 });
        string[] expected =
        [
            "transformer.wte.weight", "transformer.wpe.weight",
            "transformer.h.0.ln_1.weight", "transformer.h.0.ln_1.bias",
            "transformer.h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.bias",
            "transformer.h.0.attn.c_proj.weight", "transformer.h.0.attn.c_proj.bias",
            "transformer.h.0.ln_2.weight", "transformer.h.0.ln_2.bias",
            "transformer.h.0.mlp.c_fc.weight", "transformer.h.0.mlp.c_fc.bias",
            "transformer.h.0.mlp.c_proj.weight", "transformer.h.0.mlp.c_proj.bias",
            "transformer.ln_f.weight", "transformer.ln_f.bias",
        ];
        Assert.Equal(expected.Order(), model.state_dict().Keys.Order());
    }

    [Fact]
    public void Gpt2_124m_has_gpt2s_parameter_count()
    {
        using var model = new Gpt(GptConfig.Named("gpt2-124m", 50257));
        Assert.Equal(124_439_808, model.ParameterCount());
    }

    [Fact]
    public void Seeded_initialization_gives_the_same_logits()
    {
        using var idx = tensor(new long[] { 5, 6, 7, 8 }).unsqueeze(0);
        manual_seed(42);
        using var first = new Gpt(TwoLayers);
        manual_seed(42);
        using var second = new Gpt(TwoLayers);
        first.eval();
        second.eval();
        Assert.True(first.forward(idx).equal(second.forward(idx)).all().item<bool>());
    }

    [Fact]
    public void A_sequence_longer_than_the_context_is_refused()
    {
        using var model = new Gpt(TwoLayers);
        using var idx = zeros([1, 33], dtype: ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => model.forward(idx));
        Assert.Contains("longer than the model's context of 32", error.Message);
    }

    [Fact]
    public void Named_configs_and_bad_shapes_are_explained()
    {
        Assert.Equal((4, 4, 256, 128), (GptConfig.Named("tiny", 257).Layers, GptConfig.Named("tiny", 257).Heads,
            GptConfig.Named("tiny", 257).Embedding, GptConfig.Named("tiny", 257).ContextLength));
        Assert.Contains("unknown model config 'huge'", Assert.Throws<ArgumentException>(() => GptConfig.Named("huge", 257)).Message);
        Assert.Contains("not divisible by 3 heads", Assert.Throws<ArgumentException>(() => new Gpt(TwoLayers with { Heads = 3 })).Message);
    }
}
