using ExperimentPlatform.Runs;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Tokenization;

namespace ExperimentPlatform.Training.Engine;

/// <summary>
/// The one mapping from a launch spec to the trainer: <c>ep train</c> builds a <see cref="RunSpec"/> from its flags
/// and the executor hands the platform's spec to the same code.
/// </summary>
public static class RunSpecMapping
{
    public static TrainingOptions Options(RunSpec spec)
    {
        var t = spec.Training;
        return new TrainingOptions
        {
            Kind = spec.Kind,
            Steps = t.Steps,
            BatchSize = t.BatchSize,
            GradientAccumulation = t.GradientAccumulation,
            SequenceLength = t.SequenceLength,
            MaxLength = t.MaxLength,
            LearningRate = t.LearningRate,
            MinLearningRate = t.MinLearningRate,
            WarmupSteps = t.WarmupSteps,
            WeightDecay = t.WeightDecay,
            GradientClip = t.GradientClip,
            EvalInterval = t.EvalInterval,
            EvalBatches = t.EvalBatches,
            EvalExamples = t.EvalExamples,
            CheckpointInterval = spec.Checkpoints.EverySteps,
            CheckpointMinutes = spec.Checkpoints.EveryMinutes,
            SampleInterval = t.SampleInterval,
            Trainable = t.Trainable,
            BalanceClasses = t.BalanceClasses,
            IncludePromptInLoss = t.IncludePromptInLoss,
            Seed = spec.Seed,
            Precision = t.Precision,
        };
    }

    public static ITokenizer Tokenizer(RunSpec spec) => Tokenizers.ByName(spec.Tokenizer);

    /// <summary>The shape of a model trained from scratch: the named config with the spec's overrides.</summary>
    public static GptConfig Model(RunSpec spec)
    {
        var vocabulary = Tokenizer(spec).VocabularySize;
        var m = spec.Model;
        var explicitSizes = m.Layers is not null && m.Heads is not null && m.Width is not null && m.Context is not null;
        // Every size given: the config name does not matter; otherwise it must be known (GptConfig.Named says which are).
        var baseShape = explicitSizes && NamedShapes.Find(m.Config) is null
            ? new GptConfig { VocabularySize = vocabulary, ContextLength = 1, Layers = 1, Heads = 1, Embedding = 1 }
            : GptConfig.Named(m.Config, vocabulary);
        return (baseShape with
        {
            Layers = m.Layers ?? baseShape.Layers,
            Heads = m.Heads ?? baseShape.Heads,
            Embedding = m.Width ?? baseShape.Embedding,
            ContextLength = m.Context ?? baseShape.ContextLength,
            Dropout = m.Dropout,
        }).Validated();
    }
}
