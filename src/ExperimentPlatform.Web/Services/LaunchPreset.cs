using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>A named starting point for the launch form: the kind, model and training values that suit one step of the workflow.</summary>
public sealed record LaunchPreset(string Id, string Title, string Summary, Action<LaunchModel> Apply)
{
    /// <summary>The workflow's steps, with the settings the lecture's pipeline uses (samples/lecture).</summary>
    public static readonly IReadOnlyList<LaunchPreset> All =
    [
        new("pretrain", "Pretrain a foundation", "Next-token prediction on unlabeled text, from scratch.", m =>
        {
            m.Kind = RunKind.Pretrain;
            m.Start = StartKind.Scratch;
            m.Config = "tiny";
            m.Tokenizer = TokenizerNames.Gpt2;
            Lm(m, steps: 2000, lr: 1e-3, minLr: 1e-4, warmup: 30);
        }),
        new("continue", "Continue pretraining on domain text", "More next-token prediction, on your domain's text, from a foundation model.", m =>
        {
            m.Kind = RunKind.Pretrain;
            m.Start = StartKind.Model;
            Lm(m, steps: 600, lr: 5e-4, minLr: 5e-5, warmup: 20);
        }),
        new("classify", "Fine-tune a classifier", "A class head on labeled examples (spam vs ham), from a foundation model.", m =>
        {
            FineTune(m, RunKind.Classify, steps: 600, evalBatches: 50, keepBestBy: "validation/accuracy");
            m.Trainable = TrainableScope.All;
        }),
        new("instruct", "Instruction fine-tune", "Responses to instructions (loss on the responses), from a foundation model.", m =>
            FineTune(m, RunKind.Instruct, steps: 400, evalBatches: 20, keepBestBy: "validation/loss")),
    ];

    private static void FineTune(LaunchModel m, RunKind kind, int steps, int evalBatches, string keepBestBy)
    {
        m.Kind = kind;
        m.Start = StartKind.Model;
        m.Steps = steps;
        m.BatchSize = 8;
        m.MaxLength = 128;
        m.LearningRate = 5e-4;
        m.MinLearningRate = 5e-5;
        m.WarmupSteps = 20;
        m.EvalInterval = 100;
        m.EvalBatches = evalBatches;
        m.KeepBestBy = keepBestBy;
    }

    private static void Lm(LaunchModel m, int steps, double lr, double minLr, int warmup)
    {
        m.Steps = steps;
        m.BatchSize = 8;
        m.GradientAccumulation = 1;
        m.LearningRate = lr;
        m.MinLearningRate = minLr;
        m.WarmupSteps = warmup;
        m.EvalInterval = 100;
        m.EvalBatches = 20;
        m.CheckpointEverySteps = 200;
        m.KeepBestBy = "validation/loss";
    }
}
