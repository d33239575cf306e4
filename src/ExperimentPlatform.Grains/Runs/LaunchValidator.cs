using ExperimentPlatform.Datasets;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// The checks of a launch spec that need the cluster: the dataset version and its kind, the starting run and its
/// checkpoint, tokenizer and labels, the model's context, and the workers' slots. Reads only; creates nothing.
/// </summary>
public sealed class LaunchValidator(IGrainFactory grains, Storage.ImportBlobStore imports)
{
    /// <summary>Every check; throws <see cref="RunSpecException"/> carrying all problems, or returns what the launch resolved.</summary>
    public async Task<LaunchPlan> ValidateAsync(RunSpec spec)
    {
        var problems = new RunSpecProblems();
        var plan = await ValidateAsync(spec, problems);
        problems.ThrowIfAny();
        return plan!;
    }

    /// <summary>
    /// Records every problem of <paramref name="spec"/> in <paramref name="problems"/>: the spec's own rules, then what
    /// the cluster knows for each field that passed them. Returns the plan when there is none.
    /// </summary>
    public async Task<LaunchPlan?> ValidateAsync(RunSpec spec, RunSpecProblems problems)
    {
        RunSpecRules.Find(spec, problems);
        (DatasetVersion Version, DatasetVersionRef Ref) resolved = default;
        var labels = new List<string>();
        if (!problems.Has("dataset"))
        {
            resolved = await problems.CatchAsync(() => ResolveDatasetAsync(spec.Dataset));
            if (resolved.Version is { } version && !problems.Has("kind"))
            {
                var expected = RunSpecRules.DatasetKindFor(spec.Kind);
                problems.Require(version.Kind == expected, "dataset",
                    $"'{resolved.Ref}' is {Describe(version.Kind)} data; a {Describe(spec.Kind)} run needs {Describe(expected)} data");
                labels = [.. version.Statistics.Labels.Keys.Order(StringComparer.Ordinal)];
                if (spec.Kind == RunKind.Classify && version.Kind == expected)
                    problems.Require(labels.Count >= 2, "dataset", $"'{resolved.Ref}' has {labels.Count} label(s); classification needs at least two");
            }
        }

        CheckpointRef? start = null;
        var context = spec.Model?.ContextLength ?? 0;
        ModelVersionRef? startModel = null;
        ImportedWeights? import = null;
        if (problems.Has("start") || problems.Has("tokenizer") || problems.Has("training"))
        {
            // The start's checks compare with the tokenizer and training settings: report those first.
        }
        else if (spec.Start?.Import is { } id)
        {
            var upload = await imports.ReadManifestAsync(id);
            if (problems.Require(upload is not null, "start.import", $"no uploaded model '{id}' (an upload is usable once validated, and deleted when the run it starts ends)"))
            {
                var vocabulary = TokenizerNames.VocabularySizes[spec.Tokenizer];
                problems.Require(upload!.Vocabulary == vocabulary, "tokenizer",
                    $"the uploaded model has a vocabulary of {upload.Vocabulary}; the {spec.Tokenizer} tokenizer {vocabulary}");
                problems.Require(spec.Training.Steps > 0 || spec.Kind != RunKind.Classify, "training.steps",
                    "0 evaluates the uploaded weights, which have no classifier head; a classify run from them needs steps");
                import = upload.Weights;
                context = upload.Context;
            }
        }
        else if (spec.Start is not null)
        {
            StartingPoint? from = spec.Start;
            if (from.Model is { } reference)
            {
                var model = await problems.CatchAsync(() => ResolveModelAsync(reference));
                startModel = model?.Ref;
                from = model is null ? null : new StartingPoint { Run = model.Run, Step = model.Checkpoint.Step };
            }
            if (from is not null && await problems.CatchAsync(() => ResolveStartAsync(from)) is { Run: { } startRun, Checkpoint: var checkpoint })
            {
                problems.Require(startRun.Spec.Tokenizer == spec.Tokenizer, "tokenizer",
                    $"'{spec.Tokenizer}' differs from the starting run {startRun.Id}'s tokenizer '{startRun.Spec.Tokenizer}'; a checkpoint's token ids only mean something with its own tokenizer");
                if (spec.Kind == RunKind.Classify && startRun.Spec.Kind == RunKind.Classify)
                {
                    var unknown = labels.Except(startRun.Classes, StringComparer.Ordinal).ToList();
                    problems.Require(unknown.Count == 0, "dataset",
                        $"labels {string.Join(", ", unknown.Select(l => $"'{l}'"))} of '{resolved.Ref}' are unknown to the starting classifier {startRun.Id} (its classes: {string.Join(", ", startRun.Classes)})");
                }
                problems.Require(spec.Training.Steps > 0 || startRun.Spec.Kind == spec.Kind, "training.steps",
                    $"0 evaluates the starting weights, which come from a {Describe(startRun.Spec.Kind)} run; a {Describe(spec.Kind)} evaluation needs {Describe(spec.Kind)} weights");
                if (spec.Training.Steps == 0 && spec.Kind == RunKind.Classify)
                    labels = [.. startRun.Classes]; // evaluated with its own head, in its order
                context = startRun.ContextLength;
                start = new CheckpointRef(startRun.Id, checkpoint.Step, checkpoint.Prefix, checkpoint.Files, startRun.Spec.Tokenizer, startRun.Spec.Kind);
            }
        }
        var sized = spec.Training is not null && !problems.Has("model") && !problems.Has("start") && context > 0;
        if (sized)
        {
            RunSpecRules.CheckFitsContext(spec.Training!, context, problems);
            if (Enum.IsDefined(spec.Kind))
                RunSpecRules.CheckBatchFits(spec.Kind, spec.Training!, context, problems);
        }
        if (spec.Resources is not null && !problems.Has("resources"))
        {
            var step = sized && !problems.Has("training") && !problems.Has("tokenizer") && !problems.Has("kind") && !problems.Has("dataset")
                ? StepMemory.LowerBound(spec.Kind, spec.Start is null ? RunSpecRules.Resolve(spec.Model!) : null, spec.Training!.BatchSize,
                    StepMemory.SequenceLength(spec.Kind, spec.Training, context),
                    spec.Kind == RunKind.Classify ? labels.Count : TokenizerNames.VocabularySizes[spec.Tokenizer], spec.Training.Precision)
                : null;
            await problems.CatchAsync(async () => { await CheckWorkersAsync(spec.Resources, step); return true; });
        }
        return problems.Any
            ? null
            : new LaunchPlan(resolved.Version!, resolved.Ref!, start, spec.Kind == RunKind.Classify ? labels : [], context, startModel, import);
    }

    private async Task<ModelVersion> ResolveModelAsync(string text)
    {
        var reference = ModelReference.Parse(text, "start.model");
        try
        {
            return await grains.GetGrain<IModelGrain>(reference.Model).ResolveAsync(reference.Selector);
        }
        catch (ModelNotFoundException e)
        {
            throw new RunSpecException("start.model", e.Message);
        }
    }

    /// <summary><c>name</c>, <c>name@version</c> or <c>name@sha-prefix</c> to the version it names; refusals name the field <c>dataset</c>.</summary>
    public async Task<(DatasetVersion Version, DatasetVersionRef Ref)> ResolveDatasetAsync(string dataset)
    {
        var (name, versionName) = RunSpecRules.ParseDataset(dataset);
        try
        {
            var grain = grains.GetGrain<IDatasetGrain>(name);
            var version = versionName is null ? (await grain.GetAsync()).Versions[^1] : await grain.GetVersionAsync(versionName);
            return (version, new DatasetVersionRef(name, version.Name, version.Sha256));
        }
        catch (Exception e) when (e is DatasetNotFoundException or DatasetConflictException)
        {
            throw new RunSpecException("dataset", e.Message);
        }
    }

    private async Task<(RunDetails Run, CheckpointRecord Checkpoint)> ResolveStartAsync(StartingPoint from)
    {
        RunDetails run;
        try
        {
            run = await grains.GetGrain<IRunGrain>(from.Run!).GetAsync();
        }
        catch (RunNotFoundException)
        {
            throw new RunSpecException("start.run", $"no run '{from.Run}'");
        }
        if (from.Step is { } step)
        {
            var at = run.Checkpoints.FirstOrDefault(c => c.Step == step);
            RunSpecRules.Require(at is not null, "start.step",
                run.Checkpoints.Count == 0
                    ? $"run {run.Id} has no checkpoint yet"
                    : $"run {run.Id} has no checkpoint at step {step} (it has: {string.Join(", ", run.Checkpoints.Select(c => c.Step))})");
            return (run, at!);
        }
        RunSpecRules.Require(run.Status == RunStatus.Completed, "start.run",
            $"run {run.Id} is {run.Status.ToString().ToLowerInvariant()}, not completed; name a checkpoint step to start from an unfinished run");
        RunSpecRules.Require(run.LatestCheckpoint is not null, "start.run", $"run {run.Id} has no checkpoint");
        return (run, run.LatestCheckpoint!);
    }

    /// <summary>
    /// The slots and, where workers say their memory, one step's lower bound (<paramref name="step"/>) must fit a
    /// worker of the requested accelerator. No fitting worker at all is accepted: the run waits for one to join.
    /// </summary>
    private async Task CheckWorkersAsync(ResourceRequest resources, StepMemoryEstimate? step)
    {
        var workers = await grains.GetGrain<IRunSchedulerGrain>(IRunSchedulerGrain.Key).GetWorkersAsync();
        var fitting = workers.Where(w => resources.Fits(w.Accelerator)).ToList();
        if (fitting.Count == 0)
            return;
        var kind = resources.Accelerator == "any" ? "" : resources.Accelerator + " ";
        var largest = fitting.Max(w => w.Slots);
        RunSpecRules.Require(resources.Slots <= largest, "resources.slots",
            $"{resources.Slots} is more than any {kind}worker offers (the largest has {largest})");
        // A worker that does not say its memory (a GPU without Silo:MemoryGiB) might fit: only known sizes refuse.
        if (step is null || fitting.Any(w => w.MemoryBytes <= 0))
            return;
        var memory = fitting.Max(w => w.MemoryBytes);
        RunSpecRules.Require(step.Total <= memory, "training.batchSize",
            $"one step needs at least {step.Describe()}; the largest {kind}worker has {StepMemoryEstimate.Gib(memory)} GiB. Lower batchSize (gradientAccumulation keeps the effective batch) or the sequence length");
    }

    private static string Describe<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
