using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Models;

/// <summary>Registering versions: a run's checkpoint becomes an immutable version, kept by the run's retention.</summary>
public sealed partial class ModelGrain
{
    public async Task<ModelVersion> RegisterVersionAsync(RegisterVersionRequest request, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        CheckName();
        await access.RequireAsync(actor, ExperimentPlatform.Access.PlatformRole.Researcher, "register model versions");
        return await RegisterAsync(request, actor, model => model);
    }

    /// <summary>
    /// Registers the version; <paramref name="alsoChange"/> changes the model row in the same commit (an import records
    /// its end with the version it made).
    /// </summary>
    private async Task<ModelVersion> RegisterAsync(RegisterVersionRequest request, string actor, Func<RegisteredModel, RegisteredModel> alsoChange)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(!string.IsNullOrWhiteSpace(request.Run), "run", "is empty; name the run whose checkpoint becomes the version");
        Require((request.Description ?? "").Length <= MaxDescription, "description", $"at most {MaxDescription} characters, got {request.Description?.Length}");

        RunDetails run;
        try
        {
            run = await GrainFactory.GetGrain<IRunGrain>(request.Run).GetAsync();
        }
        catch (RunNotFoundException)
        {
            throw new ModelInputException("run", $"no run '{request.Run}'");
        }
        var task = ModelTasks.For(run.Spec.Kind);
        if (_model is not null && _model.Task != task)
            throw new ModelInputException("run",
                $"run {run.Id} is a {run.Spec.Kind.ToString().ToLowerInvariant()} run; model '{Name}' is a {ModelTasks.Describe(_model.Task)} model and takes versions from {ModelTasks.KindOf(_model.Task).ToString().ToLowerInvariant()} runs");
        var (checkpoint, chosenBy) = CheckpointChooser.Choose(run, request.Choice, request.Step, requireCompleted: true);

        var now = clock.GetUtcNow();
        if (_model is null)
            await CommitAsync(new RegisteredModel { Name = Name, Task = task, Owners = [actor], CreatedBy = actor, CreatedAt = now, UpdatedAt = now },
                [Audit("create", actor, $"on registering a version from run {run.Id}", details: new() { ["task"] = ModelTasks.Describe(task), ["owners"] = actor })]);
        var number = Model.LatestVersion + 1;
        var version = new ModelVersion
        {
            Model = Name, Version = number, Task = task, Run = run.Id, Checkpoint = checkpoint, ChosenBy = chosenBy, Metrics = checkpoint.Metrics,
            Dataset = run.Dataset, Parent = run.StartModel, StartCheckpoint = run.StartModel is null ? run.StartCheckpoint : null, Config = run.Spec,
            Tokenizer = run.Spec.Tokenizer, ContextLength = run.ContextLength, Classes = run.Classes,
            CodeVersion = run.Assignment?.CodeVersion ?? "unknown", RegisteredBy = actor, RegisteredAt = now, Description = request.Description ?? "",
            Imported = run.StartImport,
        };
        // Keep first, record second: a version never points at a checkpoint retention may delete. The link to the
        // parent goes before the version too; readers skip links to versions that were never stored.
        try
        {
            await GrainFactory.GetGrain<IRunGrain>(run.Id).ReferenceCheckpointAsync(checkpoint.Step, Referrer(version.Ref));
        }
        catch (RunStateException e)
        {
            throw new ModelInputException("run", $"{e.Message} (retention may have just deleted it); choose another checkpoint");
        }
        if (version.Parent is { } parent)
            await store.AddChildAsync(parent, version.Ref);
        await store.AddVersionAsync(version);
        _versions.Add(version);
        await CommitAsync(alsoChange(Model with { LatestVersion = number, UpdatedAt = now }), [Audit("register", actor, version.Description, version: number, details: new()
        {
            ["run"] = run.Id, ["step"] = checkpoint.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), ["chosenBy"] = chosenBy,
            ["dataset"] = $"{run.Dataset} sha256:{run.Dataset.Sha256}", ["parent"] = version.Parent?.ToString() ?? "", ["code"] = version.CodeVersion,
            ["imported"] = version.Imported?.ToString() ?? "",
        })]);
        logger.LogInformation("Model {Version} registered by {Actor} from run {Run} step {Step} ({ChosenBy})", version.Ref, actor, run.Id, checkpoint.Step, chosenBy);
        return version;
    }

    /// <summary>How a run's checkpoint reference names a model version (the run's retention keeps what is referenced).</summary>
    public static string Referrer(ModelVersionRef version) => $"model:{version}";
}
