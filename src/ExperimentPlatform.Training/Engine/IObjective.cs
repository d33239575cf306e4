using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Engine;

/// <summary>What differs between run kinds: the data, the loss and the evaluation. The loop is shared.</summary>
internal interface IObjective : IDisposable
{
    /// <summary>The module the optimizer trains (the GPT, or the GPT with a class head).</summary>
    nn.Module Module { get; }

    /// <summary>Parameters the optimizer updates (all, or the trainable scope of a fine-tune), read from the module each time.</summary>
    IReadOnlyList<TorchSharp.Modules.Parameter> TrainableParameters { get; }

    /// <summary>Mean loss of one micro-batch drawn with <paramref name="dataOrder"/>, and the tokens it covered.</summary>
    (Tensor Loss, long Tokens) MicroBatchLoss(Generator dataOrder);

    /// <summary>Metrics on validation (and test, at the end) without touching any random state.</summary>
    IReadOnlyList<EvaluationReport> Evaluate(int step, bool final);

    /// <summary>SHA-256 over the tokenized training data.</summary>
    string DataFingerprint { get; }
}
