using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Runs;

/// <summary>
/// What can be checked on a launch spec without the cluster. Each rule throws <see cref="RunSpecException"/>
/// naming the field, what was wrong and what is allowed. The run grain then checks what needs the cluster
/// (dataset, starting run, workers).
/// </summary>
public static class RunSpecRules
{
    public const int MaxTags = 20;
    public const int MaxDescription = 2000;

    /// <summary>Throws <see cref="RunSpecException"/> carrying every problem <see cref="Find"/> finds.</summary>
    public static void Check(RunSpec spec)
    {
        var problems = new RunSpecProblems();
        Find(spec, problems);
        problems.ThrowIfAny();
    }

    /// <summary>Records every problem of the spec alone (no cluster) in <paramref name="problems"/>.</summary>
    public static void Find(RunSpec spec, RunSpecProblems problems)
    {
        ArgumentNullException.ThrowIfNull(spec);
        problems.Require(Enum.IsDefined(spec.Kind), "kind", $"'{spec.Kind}' is not one of pretrain, classify, instruct");
        CheckDataset(spec.Dataset, problems);
        if (spec.Start is { } start)
            CheckStart(start, problems);
        problems.Require(TokenizerNames.VocabularySizes.ContainsKey(spec.Tokenizer ?? ""), "tokenizer",
            $"unknown tokenizer '{spec.Tokenizer}' (known: {string.Join(", ", TokenizerNames.VocabularySizes.Keys)})");
        if (problems.Require(spec.Model is not null, "model", "is missing"))
            CheckModel(spec.Model!, spec.Start is not null, problems);
        if (problems.Require(spec.Training is not null, "training", "is missing"))
        {
            var context = spec.Start is null && !problems.Has("model") ? spec.Model?.ContextLength : null;
            CheckTraining(spec.Training!, context, problems);
            if (context is { } known && Enum.IsDefined(spec.Kind))
                CheckBatchFits(spec.Kind, spec.Training!, known, problems);
            problems.Require(spec.Training!.Steps != 0 || spec.Start is not null, "training.steps",
                "0 evaluates existing weights on the dataset's validation and test splits, so it needs a start (start.model, start.run or start.import)");
        }
        if (problems.Require(spec.Resources is not null, "resources", "is missing"))
            CheckResources(spec.Resources!, problems);
        if (problems.Require(spec.Checkpoints is not null, "checkpoints", "is missing"))
            CheckCheckpoints(spec.Checkpoints!, problems);
        Name(spec.Experiment, "experiment", problems);
        if (spec.Name is not null)
            Name(spec.Name, "name", problems);
        var tags = spec.Tags ?? [];
        problems.Require(tags.Count <= MaxTags, "tags", $"at most {MaxTags} tags, got {tags.Count}");
        foreach (var tag in tags)
            Name(tag, "tags", problems);
        problems.Require((spec.Description ?? "").Length <= MaxDescription, "description", $"at most {MaxDescription} characters, got {spec.Description?.Length}");
    }

    private static void CheckStart(StartingPoint start, RunSpecProblems problems)
    {
        if (!problems.Require(new[] { start.Run, start.Model, start.Import }.Count(s => s is not null) == 1, "start",
                "name exactly one of a run (start.run), a model version (start.model) or an uploaded Hugging Face model (start.import)"))
            return;
        if (start.Import is not null)
        {
            problems.Require(start.Step is null, "start.step", "applies to start.run; an uploaded model has no steps");
            problems.Require(Guid.TryParseExact(start.Import, "N", out _), "start.import", $"'{start.Import}' is not an upload id (32 hexadecimal digits, as ep models import prints)");
        }
        else if (start.Model is not null)
        {
            problems.Require(start.Step is null, "start.step", "applies to start.run; a model version names its checkpoint itself");
            try
            {
                Models.ModelReference.Parse(start.Model, "start.model");
            }
            catch (Models.ModelInputException e)
            {
                problems.Add(e.Field, e.Problem);
            }
        }
        else
        {
            Name(start.Run, "start.run", problems);
            problems.Require(start.Step is null or > 0, "start.step", $"must be a positive step, got {start.Step}");
        }
    }

    /// <summary>The dataset kind a run kind trains on.</summary>
    public static DatasetKind DatasetKindFor(RunKind kind) => kind switch
    {
        RunKind.Pretrain => DatasetKind.Text,
        RunKind.Classify => DatasetKind.Classification,
        _ => DatasetKind.Instruction,
    };

    /// <summary>Splits <c>name[@version]</c>; the version is null when the latest is meant.</summary>
    public static (string Name, string? Version) ParseDataset(string dataset)
    {
        var at = dataset.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? (dataset, null) : (dataset[..at], dataset[(at + 1)..]);
    }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Require(bool condition, string field, string problem)
    {
        if (!condition)
            throw new RunSpecException(field, problem);
    }

    private static void CheckDataset(string? dataset, RunSpecProblems problems)
    {
        if (!problems.Require(!string.IsNullOrWhiteSpace(dataset), "dataset", "is required: name, name@version or name@sha256-prefix"))
            return;
        var (name, version) = ParseDataset(dataset!);
        Name(name, "dataset", problems);
        if (version is not null)
            Name(version, "dataset", problems);
    }

    private static void CheckModel(ModelShape model, bool fromCheckpoint, RunSpecProblems problems)
    {
        if (fromCheckpoint)
            return; // the checkpoint's shape is used
        var named = NamedShapes.Find(model.Config ?? "");
        var explicitSizes = model.Layers is not null && model.Heads is not null && model.Width is not null && model.Context is not null;
        var known = problems.Require(named is not null || explicitSizes, "model.config",
            $"unknown config '{model.Config}' (known: {string.Join(", ", NamedShapes.Names)}, or give layers, heads, width and context)");
        foreach (var (value, field) in new[] { (model.Layers, "model.layers"), (model.Heads, "model.heads"), (model.Width, "model.width"), (model.Context, "model.context") })
            problems.Require(value is null or > 0, field, $"must be positive, got {value}");
        if (known && !problems.Has("model.heads") && !problems.Has("model.width"))
        {
            var heads = model.Heads ?? named!.Heads;
            var width = model.Width ?? named!.Width;
            problems.Require(width % heads == 0, "model.width", $"{width} is not divisible by {heads} heads");
        }
        problems.Require(double.IsFinite(model.Dropout) && model.Dropout is >= 0 and < 1, "model.dropout", $"must lie in [0, 1), got {model.Dropout}");
    }

    private static void CheckTraining(TrainingSettings t, int? context, RunSpecProblems problems)
    {
        problems.Require(t.Steps >= 0, "training.steps", $"must be at least 1 (or 0: evaluate the starting weights), got {t.Steps}");
        problems.Require(t.BatchSize > 0, "training.batchSize", $"must be at least 1, got {t.BatchSize}");
        problems.Require(t.GradientAccumulation > 0, "training.gradientAccumulation", $"must be at least 1, got {t.GradientAccumulation}");
        // The floor is checked against the rate only when the rate itself is valid (one mistake, one message).
        if (problems.Require(double.IsFinite(t.LearningRate) && t.LearningRate > 0, "training.learningRate", $"must be a finite number above 0, got {t.LearningRate}"))
            problems.Require(double.IsFinite(t.MinLearningRate) && t.MinLearningRate >= 0 && t.MinLearningRate <= t.LearningRate, "training.minLearningRate",
                $"must lie in [0, learningRate = {t.LearningRate}], got {t.MinLearningRate}");
        problems.Require(t.WarmupSteps >= 0, "training.warmupSteps", $"must be 0 or more, got {t.WarmupSteps}");
        problems.Require(double.IsFinite(t.WeightDecay) && t.WeightDecay >= 0, "training.weightDecay", $"must be a finite number ≥ 0, got {t.WeightDecay}");
        problems.Require(double.IsFinite(t.GradientClip) && t.GradientClip >= 0, "training.gradientClip", $"must be a finite number ≥ 0 (0: no clipping), got {t.GradientClip}");
        problems.Require(t.SequenceLength >= 0, "training.sequenceLength", $"must be 0 (the model's context) or positive, got {t.SequenceLength}");
        problems.Require(t.MaxLength >= 0, "training.maxLength", $"must be 0 (the model's context) or positive, got {t.MaxLength}");
        CheckFitsContext(t, context, problems);
        problems.Require(t.EvalInterval >= 0, "training.evalInterval", $"must be 0 (only at the end) or positive, got {t.EvalInterval}");
        problems.Require(t.EvalBatches > 0, "training.evalBatches", $"must be at least 1, got {t.EvalBatches}");
        problems.Require(t.EvalExamples >= 0, "training.evalExamples", $"must be 0 or more, got {t.EvalExamples}");
        problems.Require(t.SampleInterval >= 0, "training.sampleInterval", $"must be 0 (never) or positive, got {t.SampleInterval}");
        problems.Require(Enum.IsDefined(t.Trainable), "training.trainable", $"'{t.Trainable}' is not one of head, last-block, all");
        problems.Require(Enum.IsDefined(t.Precision), "training.precision", $"'{t.Precision}' is not one of fp32, bf16");
        problems.Require(t.Threads >= 0, "training.threads", $"must be 0 (libtorch's default) or positive, got {t.Threads}");
    }

    /// <summary>The sequence and example lengths must fit the model's context (known once the starting checkpoint is).</summary>
    public static void CheckFitsContext(TrainingSettings t, int? context, RunSpecProblems problems)
    {
        if (context is not { } c)
            return;
        problems.Require(t.SequenceLength <= c, "training.sequenceLength", $"{t.SequenceLength} is above the model's context length {c}");
        problems.Require(t.MaxLength <= c, "training.maxLength", $"{t.MaxLength} is above the model's context length {c}");
    }

    /// <summary>One micro-batch's tokens (batch size × sequence length) must be indexable: at most <see cref="StepMemory.MaxTokensPerBatch"/>.</summary>
    public static void CheckBatchFits(RunKind kind, TrainingSettings t, int context, RunSpecProblems problems)
    {
        if (problems.Has("training.batchSize") || problems.Has("training.sequenceLength") || problems.Has("training.maxLength"))
            return;
        var length = StepMemory.SequenceLength(kind, t, context);
        var tokens = (long)t.BatchSize * length;
        problems.Require(tokens <= StepMemory.MaxTokensPerBatch, "training.batchSize",
            $"{t.BatchSize:N0} sequences of {length:N0} tokens make {tokens:N0} tokens a micro-batch, more than the {StepMemory.MaxTokensPerBatch:N0} one can hold; lower batchSize (gradientAccumulation keeps the effective batch)");
    }

    /// <summary>The named config with the spec's overrides applied, or null when the config is unknown.</summary>
    public static NamedShape? Resolve(ModelShape model)
    {
        var named = NamedShapes.Find(model.Config ?? "");
        var (layers, heads, width, context) = (model.Layers ?? named?.Layers, model.Heads ?? named?.Heads, model.Width ?? named?.Width, model.Context ?? named?.Context);
        return layers is { } l && heads is { } h && width is { } w && context is { } c ? new NamedShape(model.Config ?? "", c, l, h, w) : null;
    }

    private static void CheckResources(ResourceRequest r, RunSpecProblems problems)
    {
        problems.Require(ResourceRequest.Accelerators.Contains(r.Accelerator), "resources.accelerator",
            $"'{r.Accelerator}' is not one of {string.Join(", ", ResourceRequest.Accelerators)}");
        problems.Require(r.Slots > 0, "resources.slots", $"must be at least 1, got {r.Slots}");
    }

    private static void CheckCheckpoints(CheckpointPolicy p, RunSpecProblems problems)
    {
        problems.Require(p.EverySteps >= 0, "checkpoints.everySteps", $"must be 0 (only at the end) or positive, got {p.EverySteps}");
        problems.Require(double.IsFinite(p.EveryMinutes) && p.EveryMinutes >= 0, "checkpoints.everyMinutes", $"must be a finite number ≥ 0, got {p.EveryMinutes}");
        problems.Require(p.KeepLatest >= 1, "checkpoints.keepLatest", $"must be at least 1, got {p.KeepLatest}");
        if (p.KeepBestBy is { } metric)
            problems.Require(metric.Count(c => c == '/') == 1 && !metric.StartsWith('/') && !metric.EndsWith('/'), "checkpoints.keepBestBy",
                $"'{metric}' is not a metric name such as validation/loss or validation/accuracy");
    }

    private static void Name(string? value, string field, RunSpecProblems problems)
    {
        if (ResourceName.Problem(value, field) is { } problem)
            problems.Add(field, problem.StartsWith(field, StringComparison.Ordinal) ? problem[(field.Length + 1)..] : problem);
    }
}
