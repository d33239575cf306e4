using ExperimentPlatform.Runs;
using System.Diagnostics;
using ExperimentPlatform.Training.Checkpoints;
using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Generation;
using ExperimentPlatform.Training.Interop;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Optimization;
using ExperimentPlatform.Training.Runtime;
using ExperimentPlatform.Training.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Engine;

/// <summary>
/// The one training loop for every run kind: AdamW with warmup and cosine decay, gradient accumulation and
/// clipping, periodic evaluation, samples and checkpoints, progress to an observer, cancellation between steps.
/// A checkpoint holds weights, optimizer moments, random states and the step, so a resumed run continues
/// bit-exactly on the CPU.
/// </summary>
public sealed class Trainer : IDisposable
{
    public const string CheckpointsFolder = "checkpoints";
    public const string LatestFile = "latest";
    private const int KeepCheckpoints = 2;
    private const int TrimInterval = 50;

    private readonly Gpt _model;
    private readonly ITokenizer _tokenizer;
    private readonly IObjective _objective;
    private readonly FlatAdamW _optimizer;
    private readonly Generator _dataOrder;
    private readonly LearningRateSchedule _schedule;
    private readonly Device _device;
    private int _step;
    private long _tokens;
    private double? _bestValidationLoss;
    private bool _imported;
    private Dictionary<string, IReadOnlyDictionary<string, double>> _metrics = [];

    private Trainer(Gpt model, ITokenizer tokenizer, TrainingOptions options, IReadOnlyList<TrainingExample> data, Device device,
        TokenCache? tokenCache, IReadOnlyList<string>? classes = null, string? weightsFrom = null)
    {
        MallocArenas.Limit();
        Options = options;
        _model = model;
        _tokenizer = tokenizer;
        _device = device;
        _model.to(device);
        _model.train();
        var encoder = tokenCache?.Open(tokenizer, data);
        _objective = options.Kind switch
        {
            RunKind.Pretrain => new PretrainObjective(model, encoder ?? tokenizer, options, data, device),
            RunKind.Classify => new ClassifyObjective(model, encoder ?? tokenizer, options, data, classes, device),
            RunKind.Instruct => new InstructObjective(model, encoder ?? tokenizer, options, data, device),
            _ => throw new ArgumentException($"unknown run kind {options.Kind}"),
        };
        if (encoder is not null)
        {
            encoder.Save();
            TokenCacheUse = new TokenCacheReport(encoder.Path, encoder.Hits, encoder.Misses);
        }
        // Weights load before the optimizer moves the parameters into its flat buffers.
        if (weightsFrom is not null)
            Checkpoint.LoadWeights(weightsFrom, _objective.Module);
        var (decay, noDecay) = ParameterGroups();
        List<Tensor>? master = null;
        if (options.Precision == Precision.Bf16)
        {
            // fp32 values first, in the optimizer's order; then the module computes in bf16, with new parameter objects.
            using (no_grad())
                master = [.. decay.Concat(noDecay).Select(p => p.detach().clone().DetachFromDisposeScope())];
            _objective.Module.to(ScalarType.BFloat16);
            (decay, noDecay) = ParameterGroups();
        }
        _optimizer = new FlatAdamW(decay, noDecay, options.WeightDecay, options.Beta1, options.Beta2, master: master);
        master?.ForEach(t => t.Dispose());
        _dataOrder = new Generator((ulong)(options.Seed + 1), CPU);
        _schedule = new LearningRateSchedule(options.LearningRate, options.MinLearningRate, options.WarmupSteps, Math.Max(options.Steps, options.WarmupSteps + 1));
    }

    public TrainingOptions Options { get; }

    /// <summary>The trainable parameters as AdamW's groups: matrices (weight decay) and the rest.</summary>
    private (List<TorchSharp.Modules.Parameter> Decay, List<TorchSharp.Modules.Parameter> NoDecay) ParameterGroups()
    {
        var trainable = _objective.TrainableParameters;
        return ([.. trainable.Where(p => p.dim() >= 2)], [.. trainable.Where(p => p.dim() < 2)]);
    }

    public int Step => _step;

    public Gpt Model => _model;

    /// <summary>How the data's token ids were obtained, when a <see cref="Tokenization.TokenCache"/> was given.</summary>
    public TokenCacheReport? TokenCacheUse { get; }

    /// <summary>A new run: weights from scratch (seeded) or from <see cref="RunSetup.InitFrom"/>.</summary>
    public static Trainer Start(RunSetup setup)
    {
        ValidateOptions(setup.Options);
        manual_seed(setup.Options.Seed);
        Gpt model;
        if (setup.InitFrom is { } hub && HuggingFaceGpt2.IsHuggingFaceFolder(hub))
        {
            model = HuggingFaceGpt2.Import(hub, setup.Model?.Dropout ?? 0);
            if (model.Config.VocabularySize != setup.Tokenizer.VocabularySize)
            {
                model.Dispose();
                throw new ArgumentException($"'{hub}' has a vocabulary of {model.Config.VocabularySize}, the {setup.Tokenizer.Name} tokenizer {setup.Tokenizer.VocabularySize}");
            }
            return new Trainer(model, setup.Tokenizer, setup.Options, setup.Data, setup.Device, setup.TokenCache) { _imported = true };
        }
        else if (setup.InitFrom is { } path)
        {
            var init = LatestCheckpoint(path);
            var source = Checkpoint.ReadManifest(init);
            if (source.Tokenizer != setup.Tokenizer.Name)
                throw new ArgumentException($"'{init}' was trained with the {source.Tokenizer} tokenizer, not {setup.Tokenizer.Name}");
            if (setup.Options.Steps == 0)
            {
                // Evaluation: the checkpoint exactly as trained, a classifier with its own head and classes.
                if (source.Kind != setup.Options.Kind)
                    throw new ArgumentException($"evaluating (0 steps) needs a {Describe(setup.Options.Kind)} checkpoint; '{init}' is from a {Describe(source.Kind)} run");
                return new Trainer(new Gpt(source.Model), setup.Tokenizer, setup.Options, setup.Data, setup.Device, setup.TokenCache,
                    source.Classes.Count > 0 ? source.Classes : null, weightsFrom: init);
            }
            model = new Gpt(source.Model with { Dropout = setup.Model?.Dropout ?? source.Model.Dropout });
            // A classifier's head does not belong to a GPT; a new run gets its own head.
            Checkpoint.LoadWeights(init, model, skip: "score.");
        }
        else
        {
            if (setup.Options.Steps == 0)
                throw new ArgumentException("0 steps evaluates existing weights: name a checkpoint or Hugging Face folder to start from");
            model = new Gpt(setup.Model ?? throw new ArgumentException("a new run needs a model config or a checkpoint to start from"));
            if (model.Config.VocabularySize != setup.Tokenizer.VocabularySize)
                throw new ArgumentException($"model vocabulary {model.Config.VocabularySize} differs from the {setup.Tokenizer.Name} tokenizer's {setup.Tokenizer.VocabularySize}");
        }
        return new Trainer(model, setup.Tokenizer, setup.Options, setup.Data, setup.Device, setup.TokenCache);
    }

    /// <summary>
    /// Continues a run from a checkpoint folder (or a run folder, whose latest checkpoint is used) on the same data;
    /// <paramref name="steps"/> raises the run's total step count.
    /// </summary>
    public static Trainer Resume(string path, IReadOnlyList<TrainingExample> data, Device device, int? steps = null, TokenCache? tokenCache = null)
    {
        var folder = LatestCheckpoint(path);
        var manifest = Checkpoint.ReadManifest(folder);
        var options = steps is { } total ? manifest.Options with { Steps = total } : manifest.Options;
        ValidateOptions(options);
        var trainer = new Trainer(new Gpt(manifest.Model), Tokenizers.ByName(manifest.Tokenizer), options, data, device, tokenCache,
            manifest.Classes.Count > 0 ? manifest.Classes : null, weightsFrom: folder);
        if (trainer._objective.DataFingerprint != manifest.DataFingerprint)
        {
            trainer.Dispose();
            throw new ArgumentException($"the training data differs from the data the checkpoint '{folder}' was trained on; resume needs the same data");
        }
        Checkpoint.LoadOptimizer(folder, trainer._optimizer);
        Checkpoint.LoadRng(folder, trainer._dataOrder);
        trainer._step = manifest.Step;
        trainer._tokens = manifest.Tokens;
        trainer._bestValidationLoss = manifest.BestValidationLoss;
        trainer._metrics = manifest.Metrics.ToDictionary();
        return trainer;
    }

    /// <summary>A checkpoint folder as given, or a run folder's latest checkpoint.</summary>
    public static string LatestCheckpoint(string path)
    {
        if (File.Exists(Path.Combine(path, Checkpoint.ManifestFile)))
            return path;
        var latest = Path.Combine(path, CheckpointsFolder, LatestFile);
        if (File.Exists(latest))
            return Path.Combine(path, CheckpointsFolder, File.ReadAllText(latest).Trim());
        throw new FileNotFoundException($"'{path}' is neither a checkpoint nor a run folder with checkpoints");
    }

    /// <summary>
    /// Trains from the current step to <see cref="TrainingOptions.Steps"/>, writing checkpoints under <paramref name="runFolder"/>.
    /// Cancellation stops before the next step (nothing is written); <paramref name="control"/>'s pause request
    /// writes a checkpoint after the current step and returns with <see cref="TrainingSummary.Paused"/> set.
    /// </summary>
    public TrainingSummary Run(string runFolder, ITrainingObserver observer, TrainingControl? control = null, CancellationToken cancellationToken = default)
    {
        var options = Options;
        var clock = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        float lastLoss = float.NaN;
        string checkpoint = "";
        IReadOnlyList<EvaluationReport> evaluation = [];
        if (options.Steps == 0)
        {
            // Evaluation only: validation and test figures of the weights as they are. Weights imported from a Hugging
            // Face folder are also written as the step-0 checkpoint (the platform's import); others exist already.
            evaluation = EvaluateAndReport(observer, final: true);
            if (_imported)
            {
                var write = Stopwatch.StartNew();
                checkpoint = SaveCheckpoint(runFolder);
                observer.OnCheckpoint(new CheckpointReport(0, checkpoint, write.Elapsed.TotalSeconds));
            }
            return new TrainingSummary(0, 0, float.NaN, clock.Elapsed.TotalSeconds, evaluation, checkpoint, TokenCacheUse);
        }
        while (_step < options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stepClock = Stopwatch.StartNew();
            var rate = _schedule.At(_step);
            _optimizer.LearningRate = rate;
            long stepTokens = 0;
            double gradientNorm;
            using (var scope = NewDisposeScope())
            {
                _optimizer.ZeroGrad();
                Tensor? lossSum = null;
                for (var micro = 0; micro < options.GradientAccumulation; micro++)
                {
                    var (loss, tokens) = _objective.MicroBatchLoss(_dataOrder);
                    (loss / options.GradientAccumulation).backward();
                    lossSum = lossSum is null ? loss.detach() : lossSum + loss.detach();
                    stepTokens += tokens;
                }
                var norm = _optimizer.ClipGradients(options.GradientClip);
                _optimizer.Step();
                // Read numbers only now: no host-device wait between backward and the optimizer's kernels.
                lastLoss = (lossSum! / options.GradientAccumulation).item<float>();
                gradientNorm = norm.item<float>();
            }
            _step++;
            _tokens += stepTokens;
            if (_step % TrimInterval == 0)
                MallocArenas.Trim();
            observer.OnStep(new StepReport(_step, lastLoss, rate, gradientNorm, _tokens, stepTokens / stepClock.Elapsed.TotalSeconds));

            var last = _step == options.Steps;
            if (last || (options.EvalInterval > 0 && _step % options.EvalInterval == 0))
                evaluation = EvaluateAndReport(observer, last);
            if (options.SampleInterval > 0 && (_step % options.SampleInterval == 0 || last) && options.Kind == RunKind.Pretrain)
                observer.OnSample(new SampleReport(_step, options.SamplePrompt, Sample(options.SamplePrompt, options.SampleTokens)));
            var pause = control?.PauseRequested == true && !last;
            var due = options.CheckpointInterval > 0 && _step % options.CheckpointInterval == 0
                      || options.CheckpointMinutes > 0 && sinceCheckpoint.Elapsed.TotalMinutes >= options.CheckpointMinutes;
            if (last || pause || due)
            {
                var write = Stopwatch.StartNew();
                checkpoint = SaveCheckpoint(runFolder);
                observer.OnCheckpoint(new CheckpointReport(_step, checkpoint, write.Elapsed.TotalSeconds));
                sinceCheckpoint.Restart();
            }
            if (pause)
                return new TrainingSummary(_step, _tokens, lastLoss, clock.Elapsed.TotalSeconds, evaluation, checkpoint, TokenCacheUse) { Paused = true };
        }
        return new TrainingSummary(_step, _tokens, lastLoss, clock.Elapsed.TotalSeconds, evaluation, checkpoint, TokenCacheUse);
    }

    /// <summary>Continues <paramref name="prompt"/> with the model as it is now (temperature 0.8, top-k 40, fixed seed).</summary>
    public string Sample(string prompt, int tokens)
    {
        var ids = _tokenizer.Encode(prompt);
        var generated = TextGenerator.Generate(_model, ids, _tokenizer.EndOfText,
            new GenerationOptions { MaxNewTokens = Math.Min(tokens, _model.Config.ContextLength - ids.Count), Temperature = 0.8, TopK = 40, Seed = 1 });
        return _tokenizer.Decode(generated);
    }

    private List<EvaluationReport> EvaluateAndReport(ITrainingObserver observer, bool final)
    {
        var reports = _objective.Evaluate(_step, final).ToList();
        foreach (var report in reports)
        {
            observer.OnEvaluation(report);
            _metrics[report.Split] = report.Metrics;
            if (report.Split == "validation" && report.Metrics.TryGetValue("loss", out var loss) && !double.IsNaN(loss))
                _bestValidationLoss = Math.Min(_bestValidationLoss ?? double.MaxValue, loss);
        }
        return reports;
    }

    private string SaveCheckpoint(string runFolder)
    {
        var root = Path.Combine(runFolder, CheckpointsFolder);
        Directory.CreateDirectory(root);
        var name = $"step-{_step:D6}";
        var folder = Path.Combine(root, name);
        Checkpoint.Save(folder, new CheckpointManifest
        {
            Kind = Options.Kind,
            Step = _step,
            Tokens = _tokens,
            Model = _model.Config,
            Tokenizer = _tokenizer.Name,
            Options = Options,
            DataFingerprint = _objective.DataFingerprint,
            Classes = _objective is ClassifyObjective classify ? classify.Classes : [],
            BestValidationLoss = _bestValidationLoss,
            Metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>(_metrics),
            SavedAt = DateTimeOffset.UtcNow,
        }, _objective.Module, _optimizer, _dataOrder);
        File.WriteAllText(Path.Combine(root, LatestFile), name);
        foreach (var old in Directory.GetDirectories(root, "step-*").Order(StringComparer.Ordinal).SkipLast(KeepCheckpoints))
            Directory.Delete(old, recursive: true);
        return folder;
    }

    private static string Describe(RunKind kind) => kind.ToString().ToLowerInvariant();

    private static void ValidateOptions(TrainingOptions options)
    {
        if (options.Steps < 0 || options.BatchSize < 1 || options.GradientAccumulation < 1)
            throw new ArgumentException("batch size and gradient accumulation must be at least 1, steps at least 0 (0: evaluate only)");
        if (options.LearningRate <= 0 || options.MinLearningRate < 0 || options.MinLearningRate > options.LearningRate)
            throw new ArgumentException($"learning rates must satisfy 0 ≤ min ({options.MinLearningRate}) ≤ peak ({options.LearningRate}), peak > 0");
    }

    public void Dispose()
    {
        _objective.Dispose();
        _optimizer.Dispose();
        _dataOrder.Dispose();
        _model.Dispose();
    }
}
