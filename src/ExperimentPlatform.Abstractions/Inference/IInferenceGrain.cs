using ExperimentPlatform.Models;

namespace ExperimentPlatform.Inference;

/// <summary>
/// Inference by model reference (<c>name@alias</c>, <c>name@vN</c> or <c>name</c>): the reference is resolved on every
/// request, so a promotion takes effect on the next one; the request runs on a worker silo, the same worker for the
/// same version while it stays in the cluster, so its model stays warm. A local router on every silo.
/// Bad requests throw <see cref="ModelInputException"/> (naming the field), unknown models
/// <see cref="ModelNotFoundException"/>, a failing worker <see cref="InferenceException"/>.
/// </summary>
[Alias("ep.IInferenceGrain")]
public interface IInferenceGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>The most texts one classify call takes.</summary>
    public const int MaxTexts = 1024;

    /// <summary>The longest text (or prompt, instruction, input) in characters.</summary>
    public const int MaxChars = 100_000;

    /// <summary>Labels texts (a classifier), many per call.</summary>
    [Alias("Classify")]
    Task<ClassifyResult> ClassifyAsync(string model, IReadOnlyList<string> texts);

    /// <summary>Continues a prompt (a foundation or instruct model).</summary>
    [Alias("Generate")]
    Task<TextResult> GenerateAsync(string model, string prompt, SamplingOptions sampling);

    /// <summary>Answers an instruction, with an optional input, in the template the model was tuned with (an instruct model).</summary>
    [Alias("Instruct")]
    Task<TextResult> InstructAsync(string model, string instruction, string? input, SamplingOptions sampling);

    /// <summary>
    /// Labels texts with a classify run's checkpoint (not only registered versions: compare's side-by-side answers);
    /// the actor needs the Researcher role, as registering does.
    /// </summary>
    [Alias("ClassifyFromRun")]
    Task<RunAnswer> ClassifyFromRunAsync(RunCheckpoint checkpoint, IReadOnlyList<string> texts, string actor);

    /// <summary>Continues a prompt with a pretrain or instruct run's checkpoint (Researcher).</summary>
    [Alias("GenerateFromRun")]
    Task<RunAnswer> GenerateFromRunAsync(RunCheckpoint checkpoint, string prompt, SamplingOptions sampling, string actor);

    /// <summary>Answers an instruction with an instruct run's checkpoint (Researcher).</summary>
    [Alias("InstructFromRun")]
    Task<RunAnswer> InstructFromRunAsync(RunCheckpoint checkpoint, string instruction, string? input, SamplingOptions sampling, string actor);

    /// <summary>Every worker's inference server.</summary>
    [Alias("GetStats")]
    Task<IReadOnlyList<InferenceStats>> GetStatsAsync();
}
