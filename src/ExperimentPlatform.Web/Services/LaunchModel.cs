using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>
/// The launch form's state: every field a person edits, kept as they typed it, and the one mapping to and from a
/// <see cref="RunSpec"/> (the platform validates the spec; the form only shows what it says).
/// </summary>
public sealed class LaunchModel
{
    public RunKind Kind { get; set; } = RunKind.Pretrain;

    /// <summary><c>name@version</c>.</summary>
    public string Dataset { get; set; } = "";
    public StartKind Start { get; set; } = StartKind.Scratch;
    public string StartRun { get; set; } = "";

    /// <summary>A checkpoint's step of <see cref="StartRun"/>; null: its final checkpoint.</summary>
    public int? StartStep { get; set; }
    public string StartModel { get; set; } = "";
    public string Config { get; set; } = "tiny";
    public string Tokenizer { get; set; } = TokenizerNames.Gpt2;
    public int Steps { get; set; } = 200;
    public int BatchSize { get; set; } = 8;
    public int GradientAccumulation { get; set; } = 1;
    public int SequenceLength { get; set; }
    public int MaxLength { get; set; }
    public double LearningRate { get; set; } = 1e-3;
    public double MinLearningRate { get; set; } = 1e-4;
    public int WarmupSteps { get; set; } = 20;
    public int EvalInterval { get; set; } = 50;
    public int EvalBatches { get; set; } = 20;
    public TrainableScope Trainable { get; set; } = TrainableScope.LastBlock;
    public Precision Precision { get; set; } = Precision.Fp32;
    public int CheckpointEverySteps { get; set; } = 50;
    public int KeepLatest { get; set; } = 3;
    public string KeepBestBy { get; set; } = "";
    public int Priority { get; set; }
    public string Accelerator { get; set; } = "any";
    public int Slots { get; set; } = 1;
    public string Experiment { get; set; } = "default";

    /// <summary>Comma-separated.</summary>
    public string Tags { get; set; } = "";
    public string Description { get; set; } = "";
    public string Name { get; set; } = "";
    public long Seed { get; set; } = 1;

    /// <summary>Settings of the spec the form has no field for (dropout, threads, …), carried over unchanged.</summary>
    private RunSpec _base = new();

    public RunSpec ToSpec() => _base with
    {
        Kind = Kind,
        Dataset = Dataset.Trim(),
        Start = Start switch
        {
            StartKind.Run => new StartingPoint { Run = StartRun.Trim(), Step = StartStep },
            StartKind.Model => new StartingPoint { Model = StartModel.Trim() },
            _ => null,
        },
        Model = _base.Model with { Config = Config },
        Tokenizer = Tokenizer,
        Training = _base.Training with
        {
            Steps = Steps, BatchSize = BatchSize, GradientAccumulation = GradientAccumulation, SequenceLength = SequenceLength, MaxLength = MaxLength,
            LearningRate = LearningRate, MinLearningRate = MinLearningRate, WarmupSteps = WarmupSteps, EvalInterval = EvalInterval,
            EvalBatches = EvalBatches, Trainable = Trainable, Precision = Precision,
        },
        Checkpoints = _base.Checkpoints with
        {
            EverySteps = CheckpointEverySteps, KeepLatest = KeepLatest, KeepBestBy = string.IsNullOrWhiteSpace(KeepBestBy) ? null : KeepBestBy.Trim(),
        },
        Priority = Priority,
        Resources = new ResourceRequest { Accelerator = Accelerator, Slots = Slots },
        Experiment = Experiment.Trim(),
        Tags = [.. Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        Description = Description,
        Name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(),
        Seed = Seed,
    };

    /// <summary>The form filled from an earlier run's spec ("launch again with changes").</summary>
    public static LaunchModel From(RunSpec spec) => new()
    {
        _base = spec,
        Kind = spec.Kind,
        Dataset = spec.Dataset,
        Start = spec.Start switch { { Model: not null } => StartKind.Model, { Run: not null } => StartKind.Run, _ => StartKind.Scratch },
        StartRun = spec.Start?.Run ?? "",
        StartStep = spec.Start?.Step,
        StartModel = spec.Start?.Model ?? "",
        Config = spec.Model.Config,
        Tokenizer = spec.Tokenizer,
        Steps = spec.Training.Steps,
        BatchSize = spec.Training.BatchSize,
        GradientAccumulation = spec.Training.GradientAccumulation,
        SequenceLength = spec.Training.SequenceLength,
        MaxLength = spec.Training.MaxLength,
        LearningRate = spec.Training.LearningRate,
        MinLearningRate = spec.Training.MinLearningRate,
        WarmupSteps = spec.Training.WarmupSteps,
        EvalInterval = spec.Training.EvalInterval,
        EvalBatches = spec.Training.EvalBatches,
        Trainable = spec.Training.Trainable,
        Precision = spec.Training.Precision,
        CheckpointEverySteps = spec.Checkpoints.EverySteps,
        KeepLatest = spec.Checkpoints.KeepLatest,
        KeepBestBy = spec.Checkpoints.KeepBestBy ?? "",
        Priority = spec.Priority,
        Accelerator = spec.Resources.Accelerator,
        Slots = spec.Resources.Slots,
        Experiment = spec.Experiment,
        Tags = string.Join(", ", spec.Tags),
        Description = spec.Description,
        Name = spec.Name ?? "",
        Seed = spec.Seed,
    };
}
