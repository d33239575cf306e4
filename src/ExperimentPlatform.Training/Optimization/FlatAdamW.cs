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
    private bool _gradientsConverted;

    private sealed class Group(Tensor parameters, Tensor gradients, Tensor? master, double weightDecay) : IDisposable
    {
        /// <summary>The parameters, in the model's dtype.</summary>
        public Tensor Parameters { get; } = parameters;

        /// <summary>Autograd's gradients, in the model's dtype.</summary>
        public Tensor Gradients { get; } = gradients;

        /// <summary>fp32 master weights when the model computes in a lower precision; the update applies to these.</summary>
        public Tensor? Master { get; } = master;

        /// <summary>The gradients the update uses: <see cref="Gradients"/>, or an fp32 copy of them with master weights.</summary>
        public Tensor UpdateGradients { get; } = master is null ? gradients : zeros_like(master);

        public Tensor ExpAvg { get; } = zeros_like(master ?? parameters);
        public Tensor ExpAvgSq { get; } = zeros_like(master ?? parameters);
        public double WeightDecay { get; } = weightDecay;

        public void Dispose()
        {
            Parameters.Dispose();
            Gradients.Dispose();
            Master?.Dispose();
            if (Master is not null)
                UpdateGradients.Dispose();
            ExpAvg.Dispose();
            ExpAvgSq.Dispose();
        }
    }

    /// <param name="decay">Parameters with weight decay (matrices).</param>
    /// <param name="noDecay">Parameters without (biases, LayerNorm).</param>
    /// <param name="master">
    /// Mixed precision: fp32 values of <paramref name="decay"/> followed by those of <paramref name="noDecay"/>, for
    /// parameters held in bf16. The optimizer keeps them as master weights (moments in fp32 too), applies each update to
    /// them and copies the result, rounded, into the parameters, so updates smaller than bf16's resolution still add up.
    /// </param>
    public FlatAdamW(IReadOnlyList<Parameter> decay, IReadOnlyList<Parameter> noDecay, double weightDecay,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, IReadOnlyList<Tensor>? master = null)
    {
        if (master is not null && master.Count != decay.Count + noDecay.Count)
            throw new ArgumentException($"{master.Count} master weights for {decay.Count + noDecay.Count} parameters", nameof(master));
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
        _groups =
        [
            .. new[] { (decay, weightDecay, master?.Take(decay.Count).ToList()), (noDecay, 0.0, master?.Skip(decay.Count).ToList()) }
                .Where(g => g.Item1.Count > 0)
                .Select(g => Flatten(g.Item1, g.Item2, g.Item3)),
        ];
    }

    public double LearningRate { get; set; } = 1e-3;

    /// <summary>On the CPU, elements of the update's temporary denominator at a time (16 MiB of fp32).</summary>
    internal long DenominatorSlice { get; init; } = 1L << 22;

    /// <summary>Optimizer steps taken (bias correction uses it).</summary>
    public long Steps => _step;

    /// <summary>True when the optimizer keeps fp32 master weights.</summary>
    public bool HasMasterWeights => _groups.Any(g => g.Master is not null);

    private static Group Flatten(IReadOnlyList<Parameter> parameters, double weightDecay, List<Tensor>? master)
    {
        using var noGrad = no_grad();
        var first = parameters[0];
        var total = parameters.Sum(p => p.numel());
        var flat = empty(total, dtype: first.dtype, device: first.device);
        var gradients = zeros(total, dtype: first.dtype, device: first.device);
        var masterFlat = master is null ? null : empty(total, dtype: ScalarType.Float32, device: first.device);
        long offset = 0;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var count = parameter.numel();
            using var slot = flat.narrow(0, offset, count).view(parameter.shape);
            slot.copy_(parameter);
            if (masterFlat is not null)
            {
                if (master![i].numel() != count)
                    throw new ArgumentException($"master weight {i} has {master[i].numel()} values, its parameter {count}");
                masterFlat.narrow(0, offset, count).copy_(master[i].reshape(-1));
            }
            parameter.set_(slot); // the parameter now lives inside the flat buffer
            parameter.grad = gradients.narrow(0, offset, count).view(parameter.shape); // autograd accumulates in place
            offset += count;
        }
        return new Group(flat, gradients, masterFlat, weightDecay);
    }

    public void ZeroGrad()
    {
        foreach (var group in _groups)
            group.Gradients.zero_();
        _gradientsConverted = false;
    }

    /// <summary>With master weights: the fp32 copy of this step's gradients, taken once (clipping and the update use it).</summary>
    private void ConvertGradients()
    {
        if (_gradientsConverted)
            return;
        using (no_grad())
        {
            foreach (var group in _groups.Where(g => g.Master is not null))
                group.UpdateGradients.copy_(group.Gradients);
        }
        _gradientsConverted = true;
    }

    /// <summary>Scales gradients to a global L2 norm of at most <paramref name="maxNorm"/> (≤ 0: no scaling); returns the norm before.</summary>
    public Tensor ClipGradients(double maxNorm)
    {
        ConvertGradients();
        var total = _groups.Length == 1
            ? _groups[0].UpdateGradients.norm()
            : stack(_groups.Select(g => g.UpdateGradients.norm()).ToList()).norm();
        if (maxNorm > 0)
        {
            using var scale = (maxNorm / (total + 1e-6)).clamp_max(1.0);
            foreach (var group in _groups)
                group.UpdateGradients.mul_(scale);
        }
        return total;
    }

    /// <summary>One AdamW update of the parameters (of the master weights, then copied into the parameters).</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        ConvertGradients();
        _gradientsConverted = false;
        _step++;
        var correction1 = 1 - Math.Pow(_beta1, _step);
        var correction2 = 1 - Math.Pow(_beta2, _step);
        foreach (var group in _groups)
        {
            using var scope = NewDisposeScope();
            var weights = group.Master ?? group.Parameters;
            var gradients = group.UpdateGradients;
            if (group.WeightDecay != 0)
                weights.mul_(1 - LearningRate * group.WeightDecay);
            group.ExpAvg.mul_(_beta1).add_(gradients, alpha: 1 - _beta1);
            group.ExpAvgSq.mul_(_beta2).addcmul_(gradients, gradients, value: 1 - _beta2);
            // The denominator is a temporary. On the CPU it is built a slice at a time, so it stays below glibc's mmap
            // threshold and reuses heap memory instead of faulting in fresh pages for a model-sized tensor every step;
            // CUDA's caching allocator reuses memory anyway, and one slice there is one kernel per operation.
            var total = weights.numel();
            var slice = weights.device_type == TorchSharp.DeviceType.CPU ? DenominatorSlice : total;
            for (long start = 0; start < total; start += slice)
            {
                var length = Math.Min(slice, total - start);
                using var denominator = group.ExpAvgSq.narrow(0, start, length).sqrt().div_(Math.Sqrt(correction2)).add_(_eps);
                weights.narrow(0, start, length).addcdiv_(group.ExpAvg.narrow(0, start, length), denominator, value: -LearningRate / correction1);
            }
            if (group.Master is not null)
                group.Parameters.copy_(group.Master);
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
            if (_groups[i].Master is { } master)
                tensors[$"group{i}.master"] = master;
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
                if (_groups[i].Master is { } master)
                {
                    master.copy_(tensors.GetValueOrDefault($"group{i}.master") ?? throw new InvalidDataException($"{path}: no fp32 master weights for group {i}"));
                    _groups[i].Parameters.copy_(master);
                }
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
