using System.CommandLine;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Cli.Commands;

/// <summary>
/// The training flags <c>ep train</c> and <c>ep runs launch</c> share. Both turn them into a <see cref="RunSpec"/>,
/// so a flag means the same locally and on the cluster. Defaults are <see cref="TrainingSettings"/>'s.
/// </summary>
internal sealed class SpecOptions
{
    private static readonly TrainingSettings D = new();

    public Option<string> Kind { get; } = new("--kind") { Description = "pretrain | classify | instruct", DefaultValueFactory = _ => "pretrain" };
    public Option<string?> Data { get; } = new("--data") { Description = "ep train: a file, a folder or a catalog name; ep runs: a dataset name[@version]" };
    public Option<string> Config { get; } = new("--config") { Description = "tiny | small | gpt2-124m", DefaultValueFactory = _ => "tiny" };
    public Option<int?> Layers { get; } = new("--layers") { Description = "Override the config's number of blocks" };
    public Option<int?> Heads { get; } = new("--heads") { Description = "Override the config's attention heads" };
    public Option<int?> Width { get; } = new("--width") { Description = "Override the config's embedding width" };
    public Option<int?> Context { get; } = new("--context") { Description = "Override the config's context length" };
    public Option<double> Dropout { get; } = new("--dropout") { Description = "Dropout probability", DefaultValueFactory = _ => 0.0 };
    public Option<string> Tokenizer { get; } = new("--tokenizer") { Description = "gpt2 | bytes", DefaultValueFactory = _ => "gpt2" };
    public Option<int?> Steps { get; } = new("--steps") { Description = $"Total optimizer steps of the run (default {D.Steps}; 0 with a starting checkpoint or model: evaluate it on the validation and test splits)" };
    public Option<int> Batch { get; } = new("--batch-size") { DefaultValueFactory = _ => D.BatchSize };
    public Option<int> Accumulation { get; } = new("--grad-accum") { DefaultValueFactory = _ => D.GradientAccumulation };
    public Option<int> Sequence { get; } = new("--seq-len") { Description = "Pretraining sequence length (default: context)", DefaultValueFactory = _ => 0 };
    public Option<int> MaxLength { get; } = new("--max-length") { Description = "Fine-tuning: tokens per example at most (default: context)", DefaultValueFactory = _ => 0 };
    public Option<double> Lr { get; } = new("--lr") { DefaultValueFactory = _ => D.LearningRate };
    public Option<double> MinLr { get; } = new("--min-lr") { DefaultValueFactory = _ => D.MinLearningRate };
    public Option<int> Warmup { get; } = new("--warmup") { DefaultValueFactory = _ => D.WarmupSteps };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { DefaultValueFactory = _ => D.WeightDecay };
    public Option<double> Clip { get; } = new("--clip") { DefaultValueFactory = _ => D.GradientClip };
    public Option<int> EvalInterval { get; } = new("--eval-interval") { DefaultValueFactory = _ => D.EvalInterval };
    public Option<int> EvalBatches { get; } = new("--eval-batches") { DefaultValueFactory = _ => D.EvalBatches };
    public Option<int> EvalExamples { get; } = new("--eval-examples") { Description = "instruct: held-out examples whose generated responses are scored", DefaultValueFactory = _ => D.EvalExamples };
    public Option<int?> CheckpointInterval { get; } = new("--checkpoint-interval") { Description = "Write a checkpoint every N steps (ep train default 0: only at the end; ep runs default 50)" };
    public Option<double> CheckpointMinutes { get; } = new("--checkpoint-minutes") { Description = "Also write a checkpoint every N minutes (0: off)", DefaultValueFactory = _ => 0.0 };
    public Option<int> SampleInterval { get; } = new("--sample-interval") { DefaultValueFactory = _ => 0 };
    public Option<string> Trainable { get; } = new("--trainable") { Description = "classify: head | last-block | all", DefaultValueFactory = _ => "last-block" };
    public Option<bool> Balance { get; } = new("--balance-classes") { Description = "classify: draw classes equally often" };
    public Option<bool> IncludePrompt { get; } = new("--include-prompt") { Description = "instruct: also train on prompt tokens" };
    public Option<long> Seed { get; } = new("--seed") { DefaultValueFactory = _ => 1 };
    public Option<int> Threads { get; } = new("--threads") { Description = "CPU threads for libtorch (0: libtorch's default)", DefaultValueFactory = _ => 0 };
    public Option<bool> Tf32 { get; } = new("--tf32") { Description = "CUDA: TensorFloat-32 matrix multiplies for fp32 (Ampere and newer)" };
    public Option<string> Precision { get; } = new("--precision") { Description = "fp32 | bf16 (mixed: bf16 compute, fp32 master weights)", DefaultValueFactory = _ => "fp32" };

    public IEnumerable<Option> All =>
    [
        Kind, Data, Config, Layers, Heads, Width, Context, Dropout, Tokenizer, Steps, Batch, Accumulation, Sequence, MaxLength, Lr, MinLr,
        Warmup, WeightDecay, Clip, EvalInterval, EvalBatches, EvalExamples, CheckpointInterval, CheckpointMinutes, SampleInterval, Trainable,
        Balance, IncludePrompt, Seed, Threads, Precision, Tf32,
    ];

    /// <summary>The spec these flags describe; <paramref name="defaultCheckpointInterval"/> differs between ep train and ep runs.</summary>
    public RunSpec Build(ParseResult parse, int defaultCheckpointInterval) => new()
    {
        Kind = Cli.ParseEnum<RunKind>(parse.GetValue(Kind)!, "--kind"),
        Dataset = parse.GetValue(Data) ?? "",
        Tokenizer = parse.GetValue(Tokenizer)!,
        Seed = parse.GetValue(Seed),
        Model = new ModelShape
        {
            Config = parse.GetValue(Config)!,
            Layers = parse.GetValue(Layers),
            Heads = parse.GetValue(Heads),
            Width = parse.GetValue(Width),
            Context = parse.GetValue(Context),
            Dropout = parse.GetValue(Dropout),
        },
        Training = new TrainingSettings
        {
            Steps = parse.GetValue(Steps) ?? D.Steps,
            BatchSize = parse.GetValue(Batch),
            GradientAccumulation = parse.GetValue(Accumulation),
            SequenceLength = parse.GetValue(Sequence),
            MaxLength = parse.GetValue(MaxLength),
            LearningRate = parse.GetValue(Lr),
            MinLearningRate = parse.GetValue(MinLr),
            WarmupSteps = parse.GetValue(Warmup),
            WeightDecay = parse.GetValue(WeightDecay),
            GradientClip = parse.GetValue(Clip),
            EvalInterval = parse.GetValue(EvalInterval),
            EvalBatches = parse.GetValue(EvalBatches),
            EvalExamples = parse.GetValue(EvalExamples),
            SampleInterval = parse.GetValue(SampleInterval),
            Trainable = Cli.ParseEnum<TrainableScope>(parse.GetValue(Trainable)!, "--trainable"),
            BalanceClasses = parse.GetValue(Balance),
            IncludePromptInLoss = parse.GetValue(IncludePrompt),
            Precision = Cli.ParseEnum<Precision>(parse.GetValue(Precision)!, "--precision"),
            Tf32 = parse.GetValue(Tf32),
            Threads = parse.GetValue(Threads),
        },
        Checkpoints = new CheckpointPolicy
        {
            EverySteps = parse.GetValue(CheckpointInterval) ?? defaultCheckpointInterval,
            EveryMinutes = parse.GetValue(CheckpointMinutes),
        },
    };
}
