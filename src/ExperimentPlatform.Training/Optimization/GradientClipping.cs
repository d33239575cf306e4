using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Optimization;

/// <summary>
/// Global-norm gradient clipping as PyTorch's clip_grad_norm_ does it, but returning the norm as a tensor: reading
/// it as a number would make the host wait for the GPU in the middle of every step (TorchSharp's clip_grad_norm_
/// returns a double), and the optimizer's kernel launches could no longer overlap the backward pass.
/// </summary>
public static class GradientClipping
{
    /// <summary>Scales gradients so their global L2 norm is at most <paramref name="maxNorm"/> (≤ 0: no scaling); returns the norm before clipping.</summary>
    public static Tensor ClipByGlobalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        var gradients = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (gradients.Count == 0)
            return zeros(1).squeeze();
        var total = stack(gradients.Select(g => g.norm()).ToList()).norm(); // L2 of the per-tensor L2 norms
        if (maxNorm > 0)
        {
            using var scale = (maxNorm / (total + 1e-6)).clamp_max(1.0);
            foreach (var gradient in gradients)
                gradient.mul_(scale);
        }
        return total;
    }
}
