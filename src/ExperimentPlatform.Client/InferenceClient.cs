using ExperimentPlatform.Inference;

namespace ExperimentPlatform.Client;

/// <summary>
/// Inference by model reference (<c>name@alias</c>, <c>name@vN</c>, <c>name</c>), on the cluster's worker silos. The
/// reference is resolved per call, so a promotion counts from the next call; each result names the version used.
/// </summary>
public sealed class InferenceClient(IClusterClient cluster, TimeSpan timeout)
{
    private IInferenceGrain Router => cluster.GetGrain<IInferenceGrain>(IInferenceGrain.Key);

    /// <summary>Labels up to <see cref="IInferenceGrain.MaxTexts"/> texts with a classifier: label and class probabilities each.</summary>
    public Task<ClassifyResult> ClassifyAsync(string model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Router.ClassifyAsync(model, texts), timeout, cancellationToken);

    /// <summary>Continues <paramref name="prompt"/> with a foundation or instruct model.</summary>
    public Task<TextResult> GenerateAsync(string model, string prompt, SamplingOptions? sampling = null, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Router.GenerateAsync(model, prompt, sampling ?? new SamplingOptions()), timeout, cancellationToken);

    /// <summary>Answers an instruction (and optional input) with an instruct model.</summary>
    public Task<TextResult> InstructAsync(string model, string instruction, string? input = null, SamplingOptions? sampling = null, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Router.InstructAsync(model, instruction, input, sampling ?? new SamplingOptions()), timeout, cancellationToken);

    /// <summary>Labels texts with a classify run's checkpoint (latest, best or a step), unregistered; needs the Researcher role.</summary>
    public Task<RunAnswer> ClassifyFromRunAsync(RunCheckpoint checkpoint, IReadOnlyList<string> texts, string actor, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Router.ClassifyFromRunAsync(checkpoint, texts, actor), timeout, cancellationToken);

    /// <summary>Continues a prompt with a pretrain or instruct run's checkpoint; needs the Researcher role.</summary>
    public Task<RunAnswer> GenerateFromRunAsync(RunCheckpoint checkpoint, string prompt, string actor, SamplingOptions? sampling = null, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Router.GenerateFromRunAsync(checkpoint, prompt, sampling ?? new SamplingOptions(), actor), timeout, cancellationToken);

    /// <summary>Answers an instruction with an instruct run's checkpoint; needs the Researcher role.</summary>
    public Task<RunAnswer> InstructFromRunAsync(RunCheckpoint checkpoint, string instruction, string? input, string actor, SamplingOptions? sampling = null, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Router.InstructFromRunAsync(checkpoint, instruction, input, sampling ?? new SamplingOptions(), actor), timeout, cancellationToken);

    /// <summary>Every worker's inference server: warm models, bytes against the bound, hits, misses, evictions.</summary>
    public Task<IReadOnlyList<InferenceStats>> GetStatsAsync(CancellationToken cancellationToken = default) =>
        Calls.Send(() => Router.GetStatsAsync(), timeout, cancellationToken);
}
