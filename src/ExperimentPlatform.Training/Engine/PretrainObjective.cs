using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Engine;

/// <summary>Next-token prediction over the train split's token stream; validation loss and perplexity.</summary>
internal sealed class PretrainObjective : IObjective
{
    private readonly Gpt _model;
    private readonly TrainingOptions _options;
    private readonly TokenStream _train;
    private readonly TokenStream _validation;
    private readonly TokenStream _test;
    private readonly Device _device;
    private readonly int _length;
    private readonly NextTokenLoss _loss;

    public PretrainObjective(Gpt model, ITokenizer tokenizer, TrainingOptions options, IReadOnlyList<TrainingExample> data, Device device)
    {
        _model = model;
        _options = options;
        _device = device;
        _length = options.SequenceLength > 0 ? options.SequenceLength : model.Config.ContextLength;
        if (_length > model.Config.ContextLength)
            throw new ArgumentException($"sequence length {_length} is longer than the model's context of {model.Config.ContextLength}");
        TokenStream Stream(DataSplit split) =>
            TokenStream.FromDocuments(data.Where(e => e.Split == split).Select(e => e.Text ?? ""), tokenizer);
        _train = Stream(DataSplit.Train);
        _validation = Stream(DataSplit.Validation);
        _test = Stream(DataSplit.Test);
        if (_train.Length <= _length)
            throw new ArgumentException($"the training split has {_train.Length} tokens, too few for one sequence of {_length} (+1)");
        DataFingerprint = Fingerprint.Of([_train.Tokens]);
        _loss = new NextTokenLoss(model, device);
    }

    public nn.Module Module => _model;

    public IReadOnlyList<TorchSharp.Modules.Parameter> TrainableParameters => [.. _model.parameters()];

    public string DataFingerprint { get; }

    public (Tensor Loss, long Tokens) MicroBatchLoss(Generator dataOrder)
    {
        var (inputs, targets) = _train.RandomBatch(_options.BatchSize, _length, dataOrder, _device);
        return (_loss.Mean(inputs, targets), inputs.numel());
    }

    public IReadOnlyList<EvaluationReport> Evaluate(int step, bool final)
    {
        var reports = new List<EvaluationReport>();
        foreach (var (name, stream) in final ? new[] { ("validation", _validation), ("test", _test) } : [("validation", _validation)])
        {
            if (stream.Length <= _length)
                continue;
            var loss = MeanLoss(stream);
            reports.Add(new EvaluationReport(step, name, new Dictionary<string, double>
            {
                ["loss"] = loss,
                ["perplexity"] = Math.Exp(loss),
            }));
        }
        return reports;
    }

    private double MeanLoss(TokenStream stream)
    {
        _model.eval();
        try
        {
            double sum = 0;
            long count = 0;
            foreach (var (inputs, targets) in stream.SequentialBatches(_options.BatchSize, _length, _options.EvalBatches, _device))
            {
                using var scope = NewDisposeScope();
                var (batchSum, batchCount) = _loss.Sum(inputs, targets);
                sum += batchSum;
                count += batchCount;
            }
            return sum / count;
        }
        finally
        {
            _model.train();
        }
    }

    public void Dispose() => _loss.Dispose();
}
