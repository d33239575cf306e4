using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Generation;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Engine;

/// <summary>
/// Instruction fine-tuning: prompt (Alpaca template) + response + &lt;|endoftext|&gt;, batched with padding; the loss
/// covers response tokens only unless IncludePromptInLoss. Evaluation: masked validation loss, and exact-match and
/// contains accuracy of greedy responses on held-out examples.
/// </summary>
internal sealed class InstructObjective : IObjective
{
    public const long Ignore = FusedLinearCrossEntropy.IgnoreIndex;

    private readonly Gpt _model;
    private readonly ITokenizer _tokenizer;
    private readonly TrainingOptions _options;
    private readonly Device _device;
    private readonly int _maxLength;
    private readonly Encoded[] _train;
    private readonly Encoded[] _validation;
    private readonly Encoded[] _test;
    private readonly NextTokenLoss _loss;

    private sealed record Encoded(int[] Ids, int PromptLength, string Response, string Task);

    public InstructObjective(Gpt model, ITokenizer tokenizer, TrainingOptions options, IReadOnlyList<TrainingExample> data, Device device)
    {
        _model = model;
        _tokenizer = tokenizer;
        _options = options;
        _device = device;
        _maxLength = options.ExampleLength(model.Config.ContextLength);
        Encoded[] Encode(DataSplit split) => [.. data.Where(e => e.Split == split).Select(e =>
        {
            var (ids, promptLength) = EncodeExample(tokenizer, e.Instruction ?? "", e.Input, e.Output ?? "", _maxLength);
            return new Encoded(ids, promptLength, e.Output ?? "", TaskName(e.Instruction ?? ""));
        })];
        _train = Encode(DataSplit.Train);
        _validation = Encode(DataSplit.Validation);
        _test = Encode(DataSplit.Test);
        if (_train.Length == 0)
            throw new ArgumentException("the training split holds no instruction examples");
        DataFingerprint = Fingerprint.Of(_train.Select(e => (ReadOnlyMemory<int>)e.Ids));
        _loss = new NextTokenLoss(model, device);
    }

    public nn.Module Module => _model;

    public IReadOnlyList<Parameter> TrainableParameters => [.. _model.parameters()];

    public string DataFingerprint { get; }

    public (Tensor Loss, long Tokens) MicroBatchLoss(Generator dataOrder)
    {
        var picks = randint(0, _train.Length, [_options.BatchSize], generator: dataOrder, dtype: ScalarType.Int64).data<long>().ToArray();
        var (inputs, targets) = Batch(picks.Select(i => _train[i]).ToList());
        return (_loss.Mean(inputs, targets), inputs.numel());
    }

    /// <summary>(B, T) inputs padded with end-of-text, (B, T) targets with prompt and padding set to <see cref="Ignore"/>.</summary>
    private (Tensor Inputs, Tensor Targets) Batch(IReadOnlyList<Encoded> examples)
    {
        var width = examples.Max(e => e.Ids.Length) - 1;
        var inputs = new long[examples.Count * width];
        var targets = new long[examples.Count * width];
        Array.Fill(inputs, _tokenizer.EndOfText);
        Array.Fill(targets, Ignore);
        for (var row = 0; row < examples.Count; row++)
        {
            var example = examples[row];
            for (var t = 0; t < example.Ids.Length - 1; t++)
            {
                inputs[row * width + t] = example.Ids[t];
                // Target t predicts token t + 1; prompt tokens are only predicted when asked for.
                if (_options.IncludePromptInLoss || t + 1 >= example.PromptLength)
                    targets[row * width + t] = example.Ids[t + 1];
            }
        }
        return (tensor(inputs, [examples.Count, width], device: _device), tensor(targets, [examples.Count, width], device: _device));
    }

    public IReadOnlyList<EvaluationReport> Evaluate(int step, bool final)
    {
        var reports = new List<EvaluationReport>();
        foreach (var (name, split) in final ? new[] { ("validation", _validation), ("test", _test) } : [("validation", _validation)])
        {
            if (split.Length == 0)
                continue;
            var metrics = new Dictionary<string, double> { ["loss"] = Loss(split) };
            foreach (var (key, value) in ResponseAccuracy(Spread(split, _options.EvalExamples)))
                metrics[key] = value;
            reports.Add(new EvaluationReport(step, name, metrics));
        }
        return reports;
    }

    private double Loss(Encoded[] split)
    {
        _model.eval();
        try
        {
            double sum = 0;
            long count = 0;
            foreach (var chunk in Spread(split, _options.EvalBatches * _options.BatchSize).Chunk(_options.BatchSize))
            {
                using var scope = NewDisposeScope();
                var (inputs, targets) = Batch(chunk);
                var (batchSum, batchCount) = _loss.Sum(inputs, targets);
                sum += batchSum;
                count += batchCount;
            }
            return count == 0 ? double.NaN : sum / count;
        }
        finally
        {
            _model.train();
        }
    }

    /// <summary>
    /// Prompt + response + end-of-text in at most <paramref name="maxLength"/> + 1 tokens (inputs are ids[..^1], targets
    /// ids[1..]). The prompt is cut to <see cref="InstructionPrompt.Budget"/>, the same for every example: were its room
    /// to depend on the response's length, a truncated prompt's length would give the answer away (it did: "spam" is one
    /// token longer than "ham", and a model learnt to answer from where the response began).
    /// </summary>
    internal static (int[] Ids, int PromptLength) EncodeExample(ITokenizer tokenizer, string instruction, string? input, string output, int maxLength)
    {
        var budget = maxLength + 1;
        var prompt = InstructionPrompt.Encode(tokenizer, instruction, input, InstructionPrompt.Budget(maxLength));
        int[] response = [.. tokenizer.Encode(output), tokenizer.EndOfText];
        return ([.. prompt, .. response.Take(budget - prompt.Length)], prompt.Length);
    }

    /// <summary>
    /// <paramref name="count"/> examples spread evenly over the split (all of them when it has no more): datasets are
    /// often ordered by source or class — the catalog's emails come ham first — so the first examples would be a
    /// biased sample. Deterministic, so every evaluation scores the same examples.
    /// </summary>
    internal static List<T> Spread<T>(IReadOnlyList<T> split, int count) =>
        count >= split.Count ? [.. split] : [.. Enumerable.Range(0, Math.Max(count, 0)).Select(k => split[(int)((long)k * split.Count / count)])];

    /// <summary>Most distinct instructions for which the evaluation also reports each task's scores.</summary>
    public const int MaxTasksReported = 10;

    /// <summary>
    /// Share of greedy responses equal to the reference (trimmed) and containing it: <c>exact_match</c>, <c>contains</c>,
    /// and, when the examples share at most <see cref="MaxTasksReported"/> instructions (a task dataset rather than
    /// Alpaca's one instruction per example), the same per task: <c>exact_match/{task}</c>, <c>contains/{task}</c>,
    /// <c>examples/{task}</c>, the task named by its instruction's first words.
    /// </summary>
    private Dictionary<string, double> ResponseAccuracy(List<Encoded> examples)
    {
        var metrics = new Dictionary<string, double> { ["exact_match"] = 0, ["contains"] = 0 };
        if (examples.Count == 0)
            return metrics;
        var scored = examples.Select(example =>
        {
            var promptIds = example.Ids[..Math.Min(example.PromptLength, _maxLength - 1)];
            var room = _model.Config.ContextLength - promptIds.Length;
            var generated = TextGenerator.Generate(_model, promptIds, _tokenizer.EndOfText,
                new GenerationOptions { MaxNewTokens = Math.Max(1, Math.Min(room, 64)) });
            var response = _tokenizer.Decode(generated.Where(id => id != _tokenizer.EndOfText)).Trim();
            var reference = example.Response.Trim();
            return (example.Task, Exact: response == reference, Contains: response.Contains(reference, StringComparison.Ordinal));
        }).ToList();
        void Add(string suffix, IReadOnlyCollection<(string Task, bool Exact, bool Contains)> group)
        {
            metrics["exact_match" + suffix] = group.Count(s => s.Exact) / (double)group.Count;
            metrics["contains" + suffix] = group.Count(s => s.Contains) / (double)group.Count;
        }
        Add("", scored);
        var tasks = scored.GroupBy(s => s.Task).ToList();
        if (tasks.Count is > 1 and <= MaxTasksReported)
        {
            foreach (var task in tasks)
            {
                Add("/" + task.Key, [.. task]);
                metrics["examples/" + task.Key] = task.Count();
            }
        }
        return metrics;
    }

    /// <summary>A short name for an instruction: its first four words, lower-case, joined by '-'.</summary>
    public static string TaskName(string instruction) =>
        string.Join('-', instruction.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4)
            .Select(w => new string([.. w.Where(char.IsLetterOrDigit)]).ToLowerInvariant()).Where(w => w.Length > 0));

    public void Dispose() => _loss.Dispose();
}
