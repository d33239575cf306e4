using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Models;
using Orleans.Concurrency;

namespace ExperimentPlatform.Grains.Inference;

/// <summary>
/// The local router of inference requests: checks the request, resolves the model reference with the model grain
/// (every request, so a promotion counts from the next one), checks the version can do what is asked, and sends it to
/// the worker that owns that version (<see cref="WorkerChoice"/>), so one worker keeps it warm.
/// </summary>
[StatelessWorker]
public sealed class InferenceGrain(WorkerDirectory workers) : Grain, IInferenceGrain
{
    public async Task<ClassifyResult> ClassifyAsync(string model, IReadOnlyList<string> texts)
    {
        if (texts is null || texts.Count == 0)
            throw new ModelInputException("texts", "is empty; give at least one text to classify");
        if (texts.Count > IInferenceGrain.MaxTexts)
            throw new ModelInputException("texts", $"holds {texts.Count} texts; at most {IInferenceGrain.MaxTexts} per call");
        for (var i = 0; i < texts.Count; i++)
            CheckText(texts[i], $"texts[{i}]", allowEmpty: true);
        var version = await ResolveAsync(model, ModelTask.Classifier, "classify");
        var predictions = await VersionWorkers.CallAsync(GrainFactory, workers, version, server => server.ClassifyAsync(version, texts));
        return new ClassifyResult(version.Ref, predictions);
    }

    public async Task<TextResult> GenerateAsync(string model, string prompt, SamplingOptions sampling)
    {
        CheckText(prompt, "prompt", allowEmpty: false);
        CheckSampling(sampling);
        var version = await ResolveAsync(model, null, "generate");
        return new TextResult(version.Ref, await VersionWorkers.CallAsync(GrainFactory, workers, version, server => server.GenerateAsync(version, prompt, sampling)));
    }

    public async Task<TextResult> InstructAsync(string model, string instruction, string? input, SamplingOptions sampling)
    {
        CheckText(instruction, "instruction", allowEmpty: false);
        if (input is not null)
            CheckText(input, "input", allowEmpty: true);
        CheckSampling(sampling);
        var version = await ResolveAsync(model, ModelTask.Instruct, "instruct");
        return new TextResult(version.Ref, await VersionWorkers.CallAsync(GrainFactory, workers, version, server => server.InstructAsync(version, instruction, input, sampling)));
    }

    public async Task<IReadOnlyList<InferenceStats>> GetStatsAsync() =>
        await Task.WhenAll(workers.Active().Select(w => VersionWorkers.Server(GrainFactory, w.Address).GetStatsAsync()));

    private async Task<ModelVersion> ResolveAsync(string model, ModelTask? task, string operation)
    {
        var reference = ModelReference.Parse(model);
        var version = await GrainFactory.GetGrain<IModelGrain>(reference.Model).ResolveAsync(reference.Selector);
        if (task is { } needed && version.Task != needed)
            throw new ModelInputException("model", $"{version.Ref} is a {ModelTasks.Describe(version.Task)} model; {operation} works with {ModelTasks.Describe(needed)} models");
        if (task is null && version.Task == ModelTask.Classifier)
            throw new ModelInputException("model", $"{version.Ref} is a classifier model; {operation} works with foundation and instruct models");
        return version;
    }

    private static void CheckText(string? text, string field, bool allowEmpty)
    {
        if (text is null || (!allowEmpty && text.Length == 0))
            throw new ModelInputException(field, "is empty");
        if (text.Length > IInferenceGrain.MaxChars)
            throw new ModelInputException(field, $"holds {text.Length} characters; at most {IInferenceGrain.MaxChars}");
    }

    private static void CheckSampling(SamplingOptions? sampling)
    {
        if (sampling is null)
            throw new ModelInputException("sampling", "is missing");
        if (sampling.Problem() is { } problem)
            throw new ModelInputException(problem.Field, problem.Problem);
    }
}
