using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Model;

/// <summary>
/// The LM head and next-token cross-entropy in one operation, computed over row chunks of a reused workspace:
/// <c>mean_i(logsumexp(h_i · Wᵀ) − h_i · W[t_i])</c> over targets other than <see cref="IgnoreIndex"/>.
/// <para>
/// The plain formulation, <c>cross_entropy(linear(h, W), t)</c>, allocates several (rows × vocabulary) tensors per step
/// — logits, their log-softmax, its gradient and the logits' gradient: 200 MB each for 1,024 rows of GPT-2's 50,257
/// tokens. glibc serves such sizes with fresh mmaps, and first-touch page faults made each cost ~100 ms on the
/// 2-core benchmark machine, ~20% of a step. Here the forward pass computes each chunk's logits into one workspace,
/// turns them into the softmax gradient in place and accumulates the gradients of h and W right away (Liger's fused
/// linear cross-entropy), so no vocabulary-sized tensor is allocated per step and the backward pass only scales them.
/// </para>
/// </summary>
public sealed class FusedLinearCrossEntropy : IDisposable
{
    /// <summary>Target id excluded from the loss (padding, prompt tokens), as in <c>cross_entropy(ignore_index)</c>.</summary>
    public const long IgnoreIndex = -100;

    /// <summary>Workspace budget: logits for at most this many elements at once (128 MiB in fp32).</summary>
    public const long DefaultChunkElements = 1L << 25;

    private readonly long _chunkElements;
    private Tensor? _logits;
    private Tensor? _gradHidden;
    private Tensor? _gradWeight;
    private long _generation;
    private Tensor? _lastGradHidden;
    private Tensor? _lastGradWeight;

    public FusedLinearCrossEntropy(long chunkElements = DefaultChunkElements)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkElements, 1);
        _chunkElements = chunkElements;
    }

    /// <summary>
    /// Mean loss of (N, C) <paramref name="hidden"/> against the tied (V, C) <paramref name="weight"/> and (N)
    /// <paramref name="targets"/>; differentiable in both when gradients are enabled. Its backward pass must run before
    /// the next call (one micro-batch at a time, as the trainer does).
    /// </summary>
    public Tensor Mean(Tensor hidden, Tensor weight, Tensor targets)
    {
        if (!is_grad_enabled() || !(hidden.requires_grad || weight.requires_grad))
        {
            var (sum, count) = Compute(hidden, weight, targets, gradHidden: false, gradWeight: false);
            return sum.div_(count);
        }
        return Function.apply(hidden, weight, targets, this);
    }

    /// <summary>Summed loss and the number of counted targets, without gradients (for evaluation).</summary>
    public (Tensor Sum, Tensor Count) Sum(Tensor hidden, Tensor weight, Tensor targets)
    {
        using var noGrad = no_grad();
        return Compute(hidden, weight, targets, gradHidden: false, gradWeight: false);
    }

    private (Tensor Sum, Tensor Count) Compute(Tensor hidden, Tensor weight, Tensor targets, bool gradHidden, bool gradWeight)
    {
        long rows = hidden.shape[0], width = hidden.shape[1], vocabulary = weight.shape[0];
        if (targets.shape.Length != 1 || targets.shape[0] != rows || weight.shape[1] != width)
            throw new ArgumentException($"shapes do not fit: hidden {Shape(hidden)}, weight {Shape(weight)}, targets {Shape(targets)}");
        _generation++;
        var chunk = Math.Clamp(_chunkElements / vocabulary, 1, rows);
        var logits = Workspace(ref _logits, chunk * vocabulary, hidden).view(chunk, vocabulary);
        var hiddenGradient = gradHidden ? Workspace(ref _gradHidden, rows * width, hidden).view(rows, width) : null;
        var weightGradient = gradWeight ? Workspace(ref _gradWeight, vocabulary * width, hidden).view(vocabulary, width) : null;

        _lastGradHidden = hiddenGradient;
        _lastGradWeight = weightGradient;

        var valid = targets.ne(IgnoreIndex).to(hidden.dtype); // 1 counted, 0 ignored
        var count = valid.sum();
        var scale = valid.div(count); // per row: 1/count, 0 for ignored targets
        var oneHot = valid.neg().unsqueeze(1); // subtracted at each counted row's target
        var safeTargets = targets.clamp_min(0).unsqueeze(1); // ignored rows gather any column; their loss is masked
        var sum = zeros(1, dtype: hidden.dtype, device: hidden.device);
        for (long start = 0; start < rows; start += chunk)
        {
            var length = Math.Min(chunk, rows - start);
            var part = logits.narrow(0, 0, length);
            var input = hidden.narrow(0, start, length);
            var target = safeTargets.narrow(0, start, length);
            part.addmm_(input, weight.t(), beta: 0, alpha: 1); // (length, V) logits
            var targetLogit = part.gather(1, target);
            var max = part.amax([1], keepdim: true);
            var total = part.sub_(max).exp_().sum(1, keepdim: true); // exp(logit - max), row sums
            var rowLoss = total.log().add_(max).sub_(targetLogit).squeeze(1); // logsumexp - target logit
            sum.add_(rowLoss.mul_(valid.narrow(0, start, length)).sum());
            if (hiddenGradient is null && weightGradient is null)
                continue;
            // d loss / d logits = (softmax - one_hot(target)) / count, zero for ignored rows.
            part.div_(total).scatter_add_(1, target, oneHot.narrow(0, start, length)).mul_(scale.narrow(0, start, length).unsqueeze(1));
            hiddenGradient?.narrow(0, start, length).addmm_(part, weight, beta: 0, alpha: 1);
            weightGradient?.addmm_(part.t(), input, beta: start == 0 ? 0 : 1, alpha: 1);
        }
        return (sum.squeeze(0), count);
    }

    private static Tensor Workspace(ref Tensor? buffer, long elements, Tensor like)
    {
        if (buffer is null || buffer.numel() < elements || buffer.dtype != like.dtype || buffer.device != like.device)
        {
            buffer?.Dispose();
            // Outlives the step's dispose scope: it is reused by every step.
            buffer = empty(elements, dtype: like.dtype, device: like.device).DetachFromDisposeScope();
        }
        return buffer.narrow(0, 0, elements);
    }

    private static string Shape(Tensor tensor) => $"({string.Join(", ", tensor.shape)})";

    public void Dispose()
    {
        _logits?.Dispose();
        _gradHidden?.Dispose();
        _gradWeight?.Dispose();
    }

    /// <summary>The autograd node: forward computes loss and gradients, backward scales the gradients it kept.</summary>
    private sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => nameof(FusedLinearCrossEntropy);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            Tensor hidden = (Tensor)vars[0], weight = (Tensor)vars[1], targets = (Tensor)vars[2];
            var owner = (FusedLinearCrossEntropy)vars[3];
            bool gradHidden = hidden.requires_grad, gradWeight = weight.requires_grad;
            var (sum, count) = owner.Compute(hidden, weight, targets, gradHidden, gradWeight);
            ctx.save_for_backward([hidden, weight, targets]);
            ctx.save_data("owner", owner);
            ctx.save_data("generation", owner._generation);
            ctx.save_data("gradients", (gradHidden, gradWeight));
            return sum.div_(count);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var owner = (FusedLinearCrossEntropy)ctx.get_data("owner");
            if ((long)ctx.get_data("generation") != owner._generation)
            {
                // Another forward pass reused the workspace since: compute this one's gradients again.
                var saved = ctx.get_saved_variables();
                var (gradHidden, gradWeight) = ((bool, bool))ctx.get_data("gradients");
                owner.Compute(saved[0], saved[1], saved[2], gradHidden, gradWeight);
            }
            // Null for an input that needs no gradient; the weight's buffer is scaled in place and reused next step.
            return [owner._lastGradHidden?.mul(grad_output)!, owner._lastGradWeight?.mul_(grad_output)!, null!, null!];
        }
    }
}
