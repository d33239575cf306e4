using ExperimentPlatform.Training.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Tests.Optimization;

public sealed class GradientClippingTests
{
    private static List<Parameter> WithGradients(params float[][] gradients) =>
    [
        .. gradients.Select(g =>
        {
            var p = new Parameter(zeros(g.Length));
            p.grad = tensor(g);
            return p;
        }),
    ];

    [Fact]
    public void Gradients_over_the_limit_are_scaled_to_it_and_the_norm_before_clipping_is_returned()
    {
        var parameters = WithGradients([3f, 0f], [0f, 4f]); // global norm 5
        using var norm = GradientClipping.ClipByGlobalNorm(parameters, 1.0);
        Assert.Equal(5f, norm.item<float>(), 5);
        var clipped = Math.Sqrt(parameters.Sum(p => p.grad!.pow(2).sum().item<float>()));
        Assert.Equal(1.0, clipped, 4);
    }

    [Fact]
    public void Gradients_under_the_limit_are_left_alone()
    {
        var parameters = WithGradients([0.3f, 0.4f]);
        using var norm = GradientClipping.ClipByGlobalNorm(parameters, 1.0);
        Assert.Equal(0.5f, norm.item<float>(), 5);
        Assert.Equal([0.3f, 0.4f], parameters[0].grad!.data<float>().ToArray());
    }
}
