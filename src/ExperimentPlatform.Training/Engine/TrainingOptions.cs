using ExperimentPlatform.Runs;
namespace ExperimentPlatform.Training.Engine;

/// <summary>How a run trains. Defaults follow nanoGPT's small-data settings scaled for CPU experiments.</summary>
public sealed record TrainingOptions
{
    public RunKind Kind { get; init; } = RunKind.Pretrain;

    /// <summary>Total optimizer steps of the run; a resumed run continues up to this count.</summary>
    public int Steps { get; init; } = 200;

    /// <summary>Sequences per micro-batch.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Micro-batches whose gradients add up to one optimizer step.</summary>
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>Tokens per sequence; 0 means the model's context length.</summary>
    public int SequenceLength { get; init; }

    /// <summary>Peak learning rate, reached after <see cref="WarmupSteps"/>.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Floor of the cosine decay, reached at the last step.</summary>
    public double MinLearningRate { get; init; } = 1e-4;

    public int WarmupSteps { get; init; } = 20;

    /// <summary>AdamW decoupled weight decay, applied to matrices (2-D weights) only.</summary>
    public double WeightDecay { get; init; } = 0.1;

    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.95;

    /// <summary>Clip the global gradient norm to this (0: no clipping).</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Evaluate every this many steps (and at the end); 0: only at the end.</summary>
    public int EvalInterval { get; init; } = 50;

    /// <summary>Validation batches per evaluation.</summary>
    public int EvalBatches { get; init; } = 20;

    /// <summary>Generate a sample every this many steps (pretraining; 0: never).</summary>
    public int SampleInterval { get; init; }

    public string SamplePrompt { get; init; } = "\n";

    public int SampleTokens { get; init; } = 60;

    /// <summary>Write a checkpoint every this many steps (and at the end); 0: only at the end.</summary>
    public int CheckpointInterval { get; init; }

    /// <summary>Also write a checkpoint when this many minutes passed since the last one; 0: no time-based checkpoints.</summary>
    public double CheckpointMinutes { get; init; }

    /// <summary>Seeds weights, dropout and the data order.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Fine-tuning: tokens per example at most (0: the model's context length).</summary>
    public int MaxLength { get; init; }

    /// <summary>Fine-tuning: the tokens an example may take with a model of <paramref name="contextLength"/>.</summary>
    public int ExampleLength(int contextLength) => MaxLength > 0 ? Math.Min(MaxLength, contextLength) : contextLength;

    /// <summary>Classification: which parameters train.</summary>
    public TrainableScope Trainable { get; init; } = TrainableScope.LastBlock;

    /// <summary>Classification: which end of a long text is kept.</summary>
    public Truncation Truncation { get; init; } = Truncation.KeepStart;

    /// <summary>Classification: draw every class equally often in training batches.</summary>
    public bool BalanceClasses { get; init; }

    /// <summary>Instruction tuning: also learn to predict the prompt tokens (default: response tokens only).</summary>
    public bool IncludePromptInLoss { get; init; }

    /// <summary>Instruction tuning: held-out examples whose generated responses are scored per evaluation.</summary>
    public int EvalExamples { get; init; } = 50;

    /// <summary>fp32, or bf16 mixed precision with fp32 master weights.</summary>
    public Precision Precision { get; init; } = Precision.Fp32;
}
