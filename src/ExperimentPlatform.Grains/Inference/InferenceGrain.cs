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
public sealed class InferenceGrain(WorkerDirectory workers, Access.RoleDirectory access) : Grain, IInferenceGrain
{
    public async Task<ClassifyResult> ClassifyAsync(string model, IReadOnlyList<string> texts)
    {
        CheckTexts(texts);
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

    public async Task<RunAnswer> ClassifyFromRunAsync(RunCheckpoint checkpoint, IReadOnlyList<string> texts, string actor)
    {
        CheckTexts(texts);
        var (version, chosenBy) = await ResolveRunAsync(checkpoint, actor, ModelTask.Classifier, "classify");
        var predictions = await VersionWorkers.CallAsync(GrainFactory, workers, version, server => server.ClassifyAsync(version, texts));
        return Answer(version, chosenBy) with { Predictions = predictions };
    }

    public async Task<RunAnswer> GenerateFromRunAsync(RunCheckpoint checkpoint, string prompt, SamplingOptions sampling, string actor)
    {
        CheckText(prompt, "prompt", allowEmpty: false);
        CheckSampling(sampling);
        var (version, chosenBy) = await ResolveRunAsync(checkpoint, actor, null, "generate");
        return Answer(version, chosenBy) with { Text = await VersionWorkers.CallAsync(GrainFactory, workers, version, server => server.GenerateAsync(version, prompt, sampling)) };
    }

    public async Task<RunAnswer> InstructFromRunAsync(RunCheckpoint checkpoint, string instruction, string? input, SamplingOptions sampling, string actor)
    {
        CheckText(instruction, "instruction", allowEmpty: false);
        if (input is not null)
            CheckText(input, "input", allowEmpty: true);
        CheckSampling(sampling);
        var (version, chosenBy) = await ResolveRunAsync(checkpoint, actor, ModelTask.Instruct, "instruct");
        return Answer(version, chosenBy) with { Text = await VersionWorkers.CallAsync(GrainFactory, workers, version, server => server.InstructAsync(version, instruction, input, sampling)) };
    }

    public async Task<IReadOnlyList<InferenceStats>> GetStatsAsync() =>
        await Task.WhenAll(workers.Active().Select(w => VersionWorkers.Server(GrainFactory, w.Address).GetStatsAsync()));

    private async Task<ModelVersion> ResolveAsync(string model, ModelTask? task, string operation)
    {
        var reference = ModelReference.Parse(model);
        var version = await GrainFactory.GetGrain<IModelGrain>(reference.Model).ResolveAsync(reference.Selector);
        CheckTask(version, task, operation);
        return version;
    }

    /// <summary>Unregistered weights: only Researchers read them (as only they register versions from runs).</summary>
    private async Task<(ModelVersion Version, string ChosenBy)> ResolveRunAsync(RunCheckpoint checkpoint, string actor, ModelTask? task, string operation)
    {
        if (string.IsNullOrWhiteSpace(actor))
            throw new ModelInputException("actor", "is empty; say who asks");
        await access.RequireAsync(actor, ExperimentPlatform.Access.PlatformRole.Researcher, "ask a run's checkpoint");
        var resolved = await RunCheckpointVersion.ResolveAsync(GrainFactory, checkpoint);
        CheckTask(resolved.Version, task, operation, $"run {resolved.Version.Run} ({resolved.Version.Config.Kind.ToString().ToLowerInvariant()})");
        return resolved;
    }

    private static RunAnswer Answer(ModelVersion version, string chosenBy) =>
        new() { Run = version.Run, Step = version.Checkpoint.Step, ChosenBy = chosenBy, Task = version.Task };

    private static void CheckTexts(IReadOnlyList<string> texts)
    {
        if (texts is null || texts.Count == 0)
            throw new ModelInputException("texts", "is empty; give at least one text to classify");
        if (texts.Count > IInferenceGrain.MaxTexts)
            throw new ModelInputException("texts", $"holds {texts.Count} texts; at most {IInferenceGrain.MaxTexts} per call");
        for (var i = 0; i < texts.Count; i++)
            CheckText(texts[i], $"texts[{i}]", allowEmpty: true);
    }

    private static void CheckTask(ModelVersion version, ModelTask? task, string operation, string? what = null)
    {
        what ??= version.Ref.ToString();
        if (task is { } needed && version.Task != needed)
            throw new ModelInputException("model", $"{what} is a {ModelTasks.Describe(version.Task)} model; {operation} works with {ModelTasks.Describe(needed)} models");
        if (task is null && version.Task == ModelTask.Classifier)
            throw new ModelInputException("model", $"{what} is a classifier model; {operation} works with foundation and instruct models");
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
