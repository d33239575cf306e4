using ExperimentPlatform.Training.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Optimization;

/// <summary>
/// AdamW over flat buffers. The trainable parameters of each group (with and without weight decay) are moved into one
/// contiguous tensor, each parameter becoming a view of it, and their gradients into another, so zeroing, clipping and
/// the update are a handful of kernels for the whole model instead of several per parameter (TorchSharp's AdamW loops
/// over parameters; PyTorch uses multi-tensor kernels). The math is PyTorch's AdamW: decoupled weight decay,
/// bias-corrected moments.
/// </summary>
public sealed class FlatAdamW : IDisposable
{
    private readonly Group[] _groups;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _eps;
    private long _step;

    private sealed class Group(Tensor parameters, Tensor gradients, double weightDecay) : IDisposable
    {
        public Tensor Parameters { get; } = parameters;
        public Tensor Gradients { get; } = gradients;
        public Tensor ExpAvg { get; } = zeros_like(parameters);
        public Tensor ExpAvgSq { get; } = zeros_like(parameters);
        public double WeightDecay { get; } = weightDecay;

        public void Dispose()
        {
            Parameters.Dispose();
            Gradients.Dispose();
            ExpAvg.Dispose();
            ExpAvgSq.Dispose();
        }
    }

    public FlatAdamW(IReadOnlyList<Parameter> decay, IReadOnlyList<Parameter> noDecay, double weightDecay,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
        _groups = [.. new[] { (decay, weightDecay), (noDecay, 0.0) }.Where(g => g.Item1.Count > 0).Select(g => Flatten(g.Item1, g.Item2))];
    }

    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Elements of the update's temporary denominator at a time (16 MiB of fp32).</summary>
    internal long DenominatorSlice { get; init; } = 1L << 22;

    /// <summary>Optimizer steps taken (bias correction uses it).</summary>
    public long Steps => _step;

    private static Group Flatten(IReadOnlyList<Parameter> parameters, double weightDecay)
    {
        using var noGrad = no_grad();
        var first = parameters[0];
        var total = parameters.Sum(p => p.numel());
        var flat = empty(total, dtype: first.dtype, device: first.device);
        var gradients = zeros(total, dtype: first.dtype, device: first.device);
        long offset = 0;
        foreach (var parameter in parameters)
        {
            var count = parameter.numel();
            using var slot = flat.narrow(0, offset, count).view(parameter.shape);
            slot.copy_(parameter);
            parameter.set_(slot); // the parameter now lives inside the flat buffer
            parameter.grad = gradients.narrow(0, offset, count).view(parameter.shape); // autograd accumulates in place
            offset += count;
        }
        return new Group(flat, gradients, weightDecay);
    }

    public void ZeroGrad()
    {
        foreach (var group in _groups)
            group.Gradients.zero_();
    }

    /// <summary>Scales gradients to a global L2 norm of at most <paramref name="maxNorm"/> (≤ 0: no scaling); returns the norm before.</summary>
    public Tensor ClipGradients(double maxNorm)
    {
        var total = _groups.Length == 1
            ? _groups[0].Gradients.norm()
            : stack(_groups.Select(g => g.Gradients.norm()).ToList()).norm();
        if (maxNorm > 0)
        {
            using var scale = (maxNorm / (total + 1e-6)).clamp_max(1.0);
            foreach (var group in _groups)
                group.Gradients.mul_(scale);
        }
        return total;
    }

    public void Step()
    {
        using var noGrad = no_grad();
        _step++;
        var correction1 = 1 - Math.Pow(_beta1, _step);
        var correction2 = 1 - Math.Pow(_beta2, _step);
        foreach (var group in _groups)
        {
            using var scope = NewDisposeScope();
            if (group.WeightDecay != 0)
                group.Parameters.mul_(1 - LearningRate * group.WeightDecay);
            group.ExpAvg.mul_(_beta1).add_(group.Gradients, alpha: 1 - _beta1);
            group.ExpAvgSq.mul_(_beta2).addcmul_(group.Gradients, group.Gradients, value: 1 - _beta2);
            // The denominator is a temporary: built a slice at a time, it stays below glibc's mmap threshold and reuses
            // heap memory instead of faulting in fresh pages for a model-sized tensor every step.
            var total = group.Parameters.numel();
            for (long start = 0; start < total; start += DenominatorSlice)
            {
                var length = Math.Min(DenominatorSlice, total - start);
                using var denominator = group.ExpAvgSq.narrow(0, start, length).sqrt().div_(Math.Sqrt(correction2)).add_(_eps);
                group.Parameters.narrow(0, start, length).addcdiv_(group.ExpAvg.narrow(0, start, length), denominator, value: -LearningRate / correction1);
            }
        }
    }

    /// <summary>Moments and step count as safetensors (<c>group{i}.exp_avg</c>, <c>group{i}.exp_avg_sq</c>, metadata <c>step</c>).</summary>
    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        for (var i = 0; i < _groups.Length; i++)
        {
            tensors[$"group{i}.exp_avg"] = _groups[i].ExpAvg;
            tensors[$"group{i}.exp_avg_sq"] = _groups[i].ExpAvgSq;
        }
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["step"] = _step.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public void Load(string path)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        using var noGrad = no_grad();
        try
        {
            for (var i = 0; i < _groups.Length; i++)
            {
                var avg = tensors.GetValueOrDefault($"group{i}.exp_avg") ?? throw new InvalidDataException($"{path}: no state for parameter group {i}");
                if (avg.numel() != _groups[i].ExpAvg.numel())
                    throw new InvalidDataException($"{path}: optimizer state of group {i} has {avg.numel()} values, the model {_groups[i].ExpAvg.numel()}");
                _groups[i].ExpAvg.copy_(avg);
                _groups[i].ExpAvgSq.copy_(tensors[$"group{i}.exp_avg_sq"]);
            }
            _step = long.Parse(metadata["step"], System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var group in _groups)
            group.Dispose();
    }
}
