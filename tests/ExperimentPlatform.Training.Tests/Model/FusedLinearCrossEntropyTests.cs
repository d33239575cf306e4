using ExperimentPlatform.Training.Model;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Tests.Model;

public sealed class FusedLinearCrossEntropyTests
{
    private const long Vocabulary = 97;
    private const long Width = 12;
    private const long Rows = 10;

    private static (Tensor Hidden, Tensor Weight, Tensor Targets) Inputs()
    {
        manual_seed(5);
        var hidden = randn(Rows, Width).requires_grad_();
        var weight = (randn(Vocabulary, Width) * 0.5).requires_grad_();
        var targets = randint(0, Vocabulary, [Rows], dtype: ScalarType.Int64);
        targets[2] = tensor(FusedLinearCrossEntropy.IgnoreIndex); // e.g. a prompt token
        targets[9] = tensor(FusedLinearCrossEntropy.IgnoreIndex); // e.g. padding
        return (hidden, weight, targets);
    }

    [Theory]
    [InlineData(Vocabulary)] // one row per chunk
    [InlineData(3 * Vocabulary)] // chunks of 3: the last one short
    [InlineData(FusedLinearCrossEntropy.DefaultChunkElements)] // all rows at once
    public void Loss_and_gradients_equal_cross_entropy_of_the_linear_head(long chunkElements)
    {
        var (hidden, weight, targets) = Inputs();
        var expected = nn.functional.cross_entropy(nn.functional.linear(hidden, weight), targets, ignore_index: FusedLinearCrossEntropy.IgnoreIndex);
        expected.backward();
        var (expectedHidden, expectedWeight) = (hidden.grad!.clone(), weight.grad!.clone());
        hidden.grad = null;
        weight.grad = null;

        using var fused = new FusedLinearCrossEntropy(chunkElements);
        var actual = fused.Mean(hidden, weight, targets);
        actual.backward();

        Assert.Equal(expected.item<float>(), actual.item<float>(), 1e-5);
        Assert.True(hidden.grad!.allclose(expectedHidden, rtol: 1e-4, atol: 1e-7), "gradient of the hidden states differs");
        Assert.True(weight.grad!.allclose(expectedWeight, rtol: 1e-4, atol: 1e-7), "gradient of the weight differs");
        Assert.Equal(0f, hidden.grad![2].abs().sum().item<float>()); // an ignored target passes no gradient back
    }

    [Fact]
    public void Gradients_scale_with_the_incoming_gradient_and_accumulate_into_existing_ones()
    {
        var (hidden, weight, targets) = Inputs();
        (nn.functional.cross_entropy(nn.functional.linear(hidden, weight), targets, ignore_index: FusedLinearCrossEntropy.IgnoreIndex) * 0.25).backward();
        var once = weight.grad!.clone();
        using var fused = new FusedLinearCrossEntropy(2 * Vocabulary);
        (fused.Mean(hidden, weight, targets) * 0.25).backward(); // as with gradient accumulation over 4 micro-batches
        Assert.True(weight.grad!.allclose(once * 2, rtol: 1e-4, atol: 1e-7));
    }

    [Fact]
    public void Evaluation_sums_the_loss_over_counted_targets_only()
    {
        var (hidden, weight, targets) = Inputs();
        var expected = nn.functional.cross_entropy(nn.functional.linear(hidden, weight), targets,
            ignore_index: FusedLinearCrossEntropy.IgnoreIndex, reduction: nn.Reduction.Sum).item<float>();
        using var fused = new FusedLinearCrossEntropy(4 * Vocabulary);
        var (sum, count) = fused.Sum(hidden, weight, targets);
        Assert.Equal(expected, sum.item<float>(), 1e-4);
        Assert.Equal(8f, count.item<float>());
        Assert.False(sum.requires_grad);
    }

    [Fact]
    public void A_forward_pass_between_another_ones_forward_and_backward_leaves_its_gradients_right()
    {
        var (hidden, weight, targets) = Inputs();
        nn.functional.cross_entropy(nn.functional.linear(hidden, weight), targets, ignore_index: FusedLinearCrossEntropy.IgnoreIndex).backward();
        var expected = weight.grad!.clone();
        weight.grad = null;
        using var fused = new FusedLinearCrossEntropy(3 * Vocabulary);
        var first = fused.Mean(hidden, weight, targets);
        using (no_grad())
            _ = fused.Mean(hidden * 2, weight, targets.roll(1)); // reuses the workspace
        first.backward();
        Assert.True(weight.grad!.allclose(expected, rtol: 1e-4, atol: 1e-7));
    }

    [Fact]
    public void Mismatched_shapes_are_refused()
    {
        var (hidden, weight, _) = Inputs();
        using var fused = new FusedLinearCrossEntropy();
        var error = Assert.Throws<ArgumentException>(() => fused.Mean(hidden, weight, zeros(Rows + 1, dtype: ScalarType.Int64)));
        Assert.Contains("shapes do not fit", error.Message, StringComparison.Ordinal);
    }
}
