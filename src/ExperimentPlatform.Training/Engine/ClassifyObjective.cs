using ExperimentPlatform.Runs;
using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Engine;

/// <summary>
/// Classification fine-tuning: the LM head is replaced by a class head on the last real token; texts are
/// truncated to MaxLength and right-padded (causal attention keeps padding from reaching real tokens).
/// Metrics: loss, accuracy, per-class precision / recall / F1, macro F1 and the confusion matrix.
/// </summary>
internal sealed class ClassifyObjective : IObjective
{
    private readonly GptClassifier _classifier;
    private readonly TrainingOptions _options;
    private readonly Device _device;
    private readonly int _pad;
    private readonly (int[] Ids, int Label)[] _train;
    private readonly (int[] Ids, int Label)[] _validation;
    private readonly (int[] Ids, int Label)[] _test;
    private readonly double[] _sampleWeights;

    public ClassifyObjective(Gpt model, ITokenizer tokenizer, TrainingOptions options, IReadOnlyList<TrainingExample> data,
        IReadOnlyList<string>? classes, Device device)
    {
        _options = options;
        _device = device;
        _pad = tokenizer.EndOfText;
        Classes = classes ?? [.. data.Where(e => e.Split == DataSplit.Train).Select(e => e.Label ?? "").Distinct().Order(StringComparer.Ordinal)];
        if (Classes.Count < 2)
            throw new ArgumentException($"classification needs at least two classes in the training split, found {Classes.Count}");
        var classIndex = Classes.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        var maxLength = options.ExampleLength(model.Config.ContextLength);
        (int[] Ids, int Label)[] Encode(DataSplit split) => [.. data.Where(e => e.Split == split).Select(e =>
        {
            if (!classIndex.TryGetValue(e.Label ?? "", out var label))
                throw new ArgumentException($"label '{e.Label}' of a {split} example does not occur in the training split");
            return (ClassifierInput.Encode(tokenizer, e.Text, maxLength, options.Truncation), label);
        })];
        _train = Encode(DataSplit.Train);
        _validation = Encode(DataSplit.Validation);
        _test = Encode(DataSplit.Test);
        var perClass = _train.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count());
        _sampleWeights = [.. _train.Select(e => options.BalanceClasses ? 1.0 / perClass[e.Label] : 1.0)];
        DataFingerprint = Fingerprint.Of(_train.Select(e => (ReadOnlyMemory<int>)e.Ids), _train.Select(e => e.Label));

        _classifier = new GptClassifier(model, Classes.Count);
        _classifier.to(device);
        var lastBlock = $"transformer.h.{model.Config.Layers - 1}.";
        foreach (var (name, parameter) in _classifier.named_parameters())
        {
            parameter.requires_grad = options.Trainable switch
            {
                TrainableScope.All => true,
                TrainableScope.Head => name.StartsWith("score.", StringComparison.Ordinal),
                _ => name.StartsWith("score.", StringComparison.Ordinal) || name.StartsWith(lastBlock, StringComparison.Ordinal)
                     || name.StartsWith("transformer.ln_f.", StringComparison.Ordinal),
            };
        }
    }

    public IReadOnlyList<string> Classes { get; }

    public nn.Module Module => _classifier;

    public IReadOnlyList<Parameter> TrainableParameters => [.. _classifier.parameters().Where(p => p.requires_grad)];

    public string DataFingerprint { get; }

    public (Tensor Loss, long Tokens) MicroBatchLoss(Generator dataOrder)
    {
        using var weights = tensor(_sampleWeights);
        var picks = weights.multinomial(_options.BatchSize, replacement: true, generator: dataOrder).data<long>().ToArray();
        var (inputs, last, labels) = Batch(picks.Select(i => _train[i]).ToList());
        var logits = _classifier.forward(inputs, last).to(ScalarType.Float32); // (B, classes); the loss in fp32 under bf16
        return (nn.functional.cross_entropy(logits, labels), inputs.numel());
    }

    public IReadOnlyList<EvaluationReport> Evaluate(int step, bool final)
    {
        var reports = new List<EvaluationReport>();
        foreach (var (name, split) in final ? new[] { ("validation", _validation), ("test", _test) } : [("validation", _validation)])
        {
            if (split.Length > 0)
                reports.Add(new EvaluationReport(step, name, Score(split)));
        }
        return reports;
    }

    private Dictionary<string, double> Score((int[] Ids, int Label)[] split)
    {
        var confusion = new long[Classes.Count, Classes.Count]; // [true, predicted]
        double lossSum = 0;
        _classifier.eval();
        try
        {
            using var noGrad = no_grad();
            foreach (var chunk in split.Chunk(_options.BatchSize))
            {
                using var scope = NewDisposeScope();
                var (inputs, last, labels) = Batch(chunk);
                var logits = _classifier.forward(inputs, last).to(ScalarType.Float32);
                lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                var predicted = logits.argmax(1).data<long>().ToArray();
                for (var i = 0; i < chunk.Length; i++)
                    confusion[chunk[i].Label, predicted[i]]++;
            }
        }
        finally
        {
            _classifier.train();
        }
        return ClassificationMetrics.From(confusion, Classes, lossSum / split.Length);
    }

    private (Tensor Inputs, Tensor Last, Tensor Labels) Batch(IReadOnlyList<(int[] Ids, int Label)> examples)
    {
        var (inputs, last) = ClassifierInput.Batch([.. examples.Select(e => e.Ids)], _pad, _device);
        return (inputs, last, tensor(examples.Select(e => (long)e.Label).ToArray(), device: _device));
    }

    public void Dispose() => _classifier.Dispose();
}
