using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Tests.Optimization;

public sealed class FlatAdamWTests
{
    private static readonly GptConfig Shape = new() { VocabularySize = 50, ContextLength = 8, Layers = 1, Heads = 2, Embedding = 8 };
    private static Tensor Batch => tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }).unsqueeze(0);

    private static Tensor Loss(Gpt model)
    {
        var logits = model.forward(Batch[.., ..8]);
        return nn.functional.cross_entropy(logits.view(-1, 50), Batch[.., 1..].reshape(-1));
    }

    [Theory]
    [InlineData(1L << 22)] // the default: this model's groups fit one slice
    [InlineData(7L)] // many slices, with a short last one
    public void Steps_match_torchs_adamw_with_decay_on_matrices_only(long denominatorSlice)
    {
        manual_seed(3);
        using var reference = new Gpt(Shape);
        manual_seed(3);
        using var flat = new Gpt(Shape);
        var parameters = reference.parameters().ToList();
        using var torchAdam = optim.AdamW(
        [
            new AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), 1e-2, 0.9, 0.95, 1e-8, 0.1, false, false),
            new AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), 1e-2, 0.9, 0.95, 1e-8, 0.0, false, false),
        ], 1e-2, 0.9, 0.95);
        var mine = flat.parameters().ToList();
        using var flatAdam = new FlatAdamW([.. mine.Where(p => p.dim() >= 2)], [.. mine.Where(p => p.dim() < 2)], 0.1, 0.9, 0.95)
        {
            LearningRate = 1e-2,
            DenominatorSlice = denominatorSlice,
        };

        for (var step = 0; step < 3; step++)
        {
            torchAdam.zero_grad();
            Loss(reference).backward();
            torchAdam.step();
            flatAdam.ZeroGrad();
            Loss(flat).backward();
            flatAdam.Step();
        }
        foreach (var ((name, expected), (_, actual)) in reference.named_parameters().Zip(flat.named_parameters()))
            Assert.True(expected.allclose(actual, rtol: 1e-5, atol: 1e-6), $"{name} differs after 3 steps");
    }

    [Fact]
    public void Clipping_scales_the_global_norm_down_to_the_limit_and_returns_the_norm_before()
    {
        manual_seed(4);
        using var model = new Gpt(Shape);
        var parameters = model.parameters().ToList();
        using var adam = new FlatAdamW([.. parameters.Where(p => p.dim() >= 2)], [.. parameters.Where(p => p.dim() < 2)], 0.1);
        (Loss(model) * 1000).backward();
        var before = Math.Sqrt(parameters.Sum(p => p.grad!.pow(2).sum().item<float>()));
        using var norm = adam.ClipGradients(1.0);
        Assert.Equal(before, norm.item<float>(), before * 1e-4);
        var after = Math.Sqrt(parameters.Sum(p => p.grad!.pow(2).sum().item<float>()));
        Assert.Equal(1.0, after, 1e-3);
    }

    [Fact]
    public void Master_weights_accumulate_updates_too_small_for_bf16()
    {
        using var plain = new Parameter(ones(1000, dtype: ScalarType.BFloat16));
        using var mixed = new Parameter(ones(1000, dtype: ScalarType.BFloat16));
        using var plainAdam = new FlatAdamW([plain], [], 0.0) { LearningRate = 1e-3 };
        using var mixedAdam = new FlatAdamW([mixed], [], 0.0, master: [ones(1000)]) { LearningRate = 1e-3 };
        Assert.True(mixedAdam.HasMasterWeights);
        for (var step = 0; step < 20; step++)
        {
            foreach (var (parameter, adam) in new[] { (plain, plainAdam), (mixed, mixedAdam) })
            {
                adam.ZeroGrad();
                parameter.grad!.fill_(1.0); // Adam moves each weight by ~lr = 1e-3 per step; bf16 steps by 2^-7 near 1
                adam.ClipGradients(0);
                adam.Step();
            }
        }
        // In bf16 alone every 1e-3 step rounds back to 1; the master weights reach ~0.98, and the parameters follow.
        Assert.Equal(1f, plain.to(ScalarType.Float32).mean().item<float>());
        Assert.Equal(0.98f, mixed.to(ScalarType.Float32).mean().item<float>(), 0.004f);
        Assert.Equal(ScalarType.BFloat16, mixed.dtype);
    }
}
