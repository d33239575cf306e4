using ExperimentPlatform.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Engine;

/// <summary>
/// Next-token cross-entropy of a GPT on (B, T) inputs and targets, targets equal to
/// <see cref="FusedLinearCrossEntropy.IgnoreIndex"/> left out. On the CPU the LM head and the loss run fused over
/// row chunks (<see cref="FusedLinearCrossEntropy"/>: no vocabulary-sized tensor per step, where glibc's fresh pages
/// cost ~25% of a step); on CUDA through full logits, whose memory the caching allocator reuses anyway.
/// </summary>
internal sealed class NextTokenLoss(Gpt model, Device device) : IDisposable
{
    private readonly FusedLinearCrossEntropy? _fused = device.type == DeviceType.CPU ? new() : null;

    /// <summary>Mean over counted targets; differentiable.</summary>
    public Tensor Mean(Tensor inputs, Tensor targets)
    {
        if (_fused is not null)
        {
            var hidden = model.Transformer.forward(inputs); // (B, T, C)
            return _fused.Mean(hidden.view(-1, hidden.shape[2]), model.TokenEmbedding, targets.view(-1));
        }
        var logits = model.forward(inputs); // (B, T, V)
        return nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1), ignore_index: FusedLinearCrossEntropy.IgnoreIndex);
    }

    /// <summary>Summed loss and number of counted targets, without gradients (evaluation).</summary>
    public (double Sum, long Count) Sum(Tensor inputs, Tensor targets)
    {
        using var noGrad = no_grad();
        if (_fused is not null)
        {
            var hidden = model.Transformer.forward(inputs);
            var (sum, count) = _fused.Sum(hidden.view(-1, hidden.shape[2]), model.TokenEmbedding, targets.view(-1));
            return (sum.item<float>(), (long)count.item<float>());
        }
        var logits = model.forward(inputs);
        var total = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1),
            ignore_index: FusedLinearCrossEntropy.IgnoreIndex, reduction: nn.Reduction.Sum);
        return (total.item<float>(), targets.ne(FusedLinearCrossEntropy.IgnoreIndex).sum().item<long>());
    }

    public void Dispose() => _fused?.Dispose();
}
