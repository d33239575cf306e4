using ExperimentPlatform.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Engine;

/// <summary>
/// Next-token cross-entropy of a GPT on (B, T) inputs and targets, targets equal to
/// <see cref="FusedLinearCrossEntropy.IgnoreIndex"/> left out. On the CPU the LM head and the loss run fused over
/// row chunks (<see cref="FusedLinearCrossEntropy"/>: no vocabulary-sized tensor per step, where glibc's fresh pages
/// cost ~20% of a step); on CUDA through full logits, whose memory the caching allocator reuses anyway. A bf16 model's
/// loss is computed in fp32 (as autocast would).
/// </summary>
internal sealed class NextTokenLoss(Gpt model, Device device) : IDisposable
{
    private readonly FusedLinearCrossEntropy? _fused = device.type == DeviceType.CPU ? new() : null;

    /// <summary>Mean over counted targets; differentiable.</summary>
    public Tensor Mean(Tensor inputs, Tensor targets)
    {
        if (_fused is not null)
        {
            var (hidden, weight, flatTargets) = FusedInputs(inputs, targets);
            return _fused.Mean(hidden, weight, flatTargets);
        }
        var logits = Fp32(model.forward(inputs)); // (B, T, V)
        return nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1), ignore_index: FusedLinearCrossEntropy.IgnoreIndex);
    }

    /// <summary>Summed loss and number of counted targets, without gradients (evaluation).</summary>
    public (double Sum, long Count) Sum(Tensor inputs, Tensor targets)
    {
        using var noGrad = no_grad();
        if (_fused is not null)
        {
            var (hidden, weight, flatTargets) = FusedInputs(inputs, targets);
            var (sum, count) = _fused.Sum(hidden, weight, flatTargets);
            return (sum.item<float>(), (long)count.item<float>());
        }
        var logits = Fp32(model.forward(inputs));
        var total = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1),
            ignore_index: FusedLinearCrossEntropy.IgnoreIndex, reduction: nn.Reduction.Sum);
        return (total.item<float>(), targets.ne(FusedLinearCrossEntropy.IgnoreIndex).sum().item<long>());
    }

    /// <summary>(B·T, C) final hidden states, the (V, C) tied head weight and (B·T) targets, in fp32.</summary>
    private (Tensor Hidden, Tensor Weight, Tensor Targets) FusedInputs(Tensor inputs, Tensor targets)
    {
        var hidden = model.Transformer.forward(inputs); // (B, T, C)
        return (Fp32(hidden.view(-1, hidden.shape[2])), Fp32(model.TokenEmbedding), targets.view(-1));
    }

    private static Tensor Fp32(Tensor tensor) => tensor.dtype == ScalarType.Float32 ? tensor : tensor.to(ScalarType.Float32);

    public void Dispose() => _fused?.Dispose();
}
