namespace ExperimentPlatform.Runs;

/// <summary>How a run trains: every option <c>ep train</c> has. Defaults are <c>ep train</c>'s.</summary>
[GenerateSerializer, Immutable, Alias("ep.TrainingSettings")]
public sealed record TrainingSettings
{
    /// <summary>Total optimizer steps of the run.</summary>
    [Id(0)] public int Steps { get; init; } = 200;
    [Id(1)] public int BatchSize { get; init; } = 8;
    [Id(2)] public int GradientAccumulation { get; init; } = 1;

    /// <summary>Pretraining tokens per sequence (0: the model's context).</summary>
    [Id(3)] public int SequenceLength { get; init; }

    /// <summary>Fine-tuning tokens per example at most (0: the model's context).</summary>
    [Id(4)] public int MaxLength { get; init; }
    [Id(5)] public double LearningRate { get; init; } = 1e-3;
    [Id(6)] public double MinLearningRate { get; init; } = 1e-4;
    [Id(7)] public int WarmupSteps { get; init; } = 20;
    [Id(8)] public double WeightDecay { get; init; } = 0.1;
    [Id(9)] public double GradientClip { get; init; } = 1.0;
    [Id(10)] public int EvalInterval { get; init; } = 50;
    [Id(11)] public int EvalBatches { get; init; } = 20;
    [Id(12)] public int EvalExamples { get; init; } = 50;
    [Id(13)] public int SampleInterval { get; init; }
    [Id(14)] public TrainableScope Trainable { get; init; } = TrainableScope.LastBlock;
    [Id(15)] public bool BalanceClasses { get; init; }
    [Id(16)] public bool IncludePromptInLoss { get; init; }
    [Id(17)] public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>libtorch CPU threads in the run's process (0: libtorch's default).</summary>
    [Id(18)] public int Threads { get; init; }

    /// <summary>On CUDA, TensorFloat-32 matrix multiplies for fp32 (Ampere and newer; ignored on CPU).</summary>
    [Id(19)] public bool Tf32 { get; init; }
}
