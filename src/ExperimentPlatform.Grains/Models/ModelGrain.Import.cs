using System.Globalization;
using ExperimentPlatform.Access;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Models;

/// <summary>
/// Hugging Face imports and exports. An import is a run: 0 steps from the uploaded weights on the request's dataset,
/// which evaluates them and writes them as its step-0 checkpoint; when it completes, that checkpoint becomes a version
/// (registered as the importer), so imported weights get a run, figures, retention and lineage like any version.
/// </summary>
public sealed partial class ModelGrain
{
    /// <summary>Ended imports kept on the model row (open ones are always kept).</summary>
    public const int KeptEndedImports = 20;

    public async Task<ModelImport> ImportAsync(ModelImport upload, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        CheckName();
        await access.RequireAsync(actor, PlatformRole.Researcher, "import models");
        ArgumentNullException.ThrowIfNull(upload);
        Require(upload.Model == Name, "model", $"the upload is for model '{upload.Model}', not '{Name}'");
        Require((upload.Request.Description ?? "").Length <= MaxDescription, "description", $"at most {MaxDescription} characters, got {upload.Request.Description?.Length}");
        if (_model is { } existing && existing.Task != ModelTask.Foundation)
            throw new ModelInputException("name", $"model '{Name}' is a {ModelTasks.Describe(existing.Task)} model; an imported GPT-2 becomes a foundation version");
        if (_model?.Imports.ContainsKey(upload.Id) == true)
            throw new ModelConflictException($"upload {upload.Id} is imported already (run {_model.Imports[upload.Id].Run})");

        var run = RunIds.New(clock.GetUtcNow());
        var spec = ImportSpec(upload);
        // Checked, recorded, then launched (ModelGrain.Launches): the import owns its run before the run exists.
        await CheckLaunchAsync(spec, p => new ModelInputException(p.Field, p.Problem));
        var now = clock.GetUtcNow();
        var started = upload with { Run = run, Status = ModelImportStatus.Importing };
        var model = _model ?? new RegisteredModel
        {
            Name = Name, Task = ModelTask.Foundation, Description = upload.Request.Description ?? "", Owners = [actor], CreatedBy = actor, CreatedAt = now, UpdatedAt = now,
        };
        var audit = new List<AuditEntry>();
        if (_model is null)
            audit.Add(Audit("create", actor, "on importing a Hugging Face GPT-2", details: new() { ["task"] = ModelTasks.Describe(ModelTask.Foundation), ["owners"] = actor }));
        audit.Add(Audit("import", actor, upload.Request.Description ?? "", details: new()
        {
            ["upload"] = upload.Id, ["sha256"] = upload.Weights.Sha256, ["bytes"] = upload.Weights.Bytes.ToString(CultureInfo.InvariantCulture),
            ["shape"] = $"{upload.Layers} layers, {upload.Heads} heads, width {upload.Embedding}, context {upload.Context}, vocabulary {upload.Vocabulary}",
            ["dataset"] = upload.Request.Dataset, ["run"] = run,
        }));
        await CommitAsync(model with { Imports = new Dictionary<string, ModelImport>(model.Imports) { [upload.Id] = started }, UpdatedAt = now }, audit);
        // A refusal now (the upload claimed meanwhile) fails the import at the watcher's next look.
        await LaunchRecordedAsync(run, spec, actor);
        await WatchGateAsync();
        logger.LogInformation("Model {Model}: import {Upload} ({Bytes} bytes) by {Actor}, run {Run}", Name, upload.Id, upload.Weights.Bytes, actor, run);
        return started;
    }

    /// <summary>0 steps from the uploaded weights on the request's dataset: its figures and a step-0 checkpoint.</summary>
    private RunSpec ImportSpec(ModelImport upload) => new()
    {
        Kind = RunKind.Pretrain, Dataset = upload.Request.Dataset, Start = new StartingPoint { Import = upload.Id },
        Model = new ModelShape { Config = "huggingface", Layers = upload.Layers, Heads = upload.Heads, Width = upload.Embedding, Context = upload.Context },
        Tokenizer = upload.Request.Tokenizer, Training = new TrainingSettings { Steps = 0 },
        Checkpoints = new CheckpointPolicy { EverySteps = 0, KeepLatest = 1 },
        Experiment = "imports", Tags = ["import", Name], Name = $"import-{Name}",
        Description = $"import of a Hugging Face GPT-2 into {Name}: evaluation on {upload.Request.Dataset} and conversion to a checkpoint",
    };

    public Task<ModelImport> GetImportAsync(string id) =>
        Model.Imports.TryGetValue(id ?? "", out var found)
            ? Task.FromResult(found)
            : throw new ModelNotFoundException($"model '{Name}' has no import '{id}' (it keeps open imports and the last {KeptEndedImports} ended ones)");

    public async Task RecordExportAsync(ModelExport export, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        ArgumentNullException.ThrowIfNull(export);
        await GetVersionAsync(export.Version.Version);
        await CommitAsync(Model, [Audit("export", actor, "exported as a Hugging Face GPT-2 folder", version: export.Version.Version, details: new()
        {
            ["sha256"] = export.Sha256, ["bytes"] = export.Bytes.ToString(CultureInfo.InvariantCulture),
        })]);
    }

    private bool Importing => _model?.Imports.Values.Any(i => i.Status == ModelImportStatus.Importing) == true;

    private async Task CheckImportsAsync()
    {
        foreach (var import in Model.Imports.Values.Where(i => i.Status == ModelImportStatus.Importing).ToList())
        {
            try
            {
                await CheckImportAsync(import);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Model {Model}: checking import {Upload} (run {Run}) failed; trying again", Name, import.Id, import.Run);
            }
        }
    }

    private async Task CheckImportAsync(ModelImport import)
    {
        var now = clock.GetUtcNow();
        if (await FindRunAsync(import.Run) is not { } run)
        {
            // Recorded but not launched (a crash between the two): launch it now, or end the import saying why it cannot run.
            if (await LaunchRecordedAsync(import.Run, ImportSpec(import), import.RequestedBy) is { } refused)
                await CommitAsync(Ended(import with { Status = ModelImportStatus.Failed, Error = $"import run {import.Run} could not be launched: {refused}", EndedAt = now }),
                    [Audit("import-failed", PlatformActor, refused, details: new() { ["upload"] = import.Id, ["run"] = import.Run })]);
            return;
        }
        if (!run.Status.IsTerminal())
            return;
        if (run.Status == RunStatus.Completed)
        {
            // A registration that stored its version but died before this row recorded it is found, not repeated.
            if ((await ListVersionsAsync()).FirstOrDefault(v => v.Run == run.Id) is { } made)
            {
                await CommitAsync(Ended(import with { Status = ModelImportStatus.Registered, Version = made.Version, EndedAt = now }), []);
                return;
            }
            var request = new RegisterVersionRequest { Run = run.Id, Choice = CheckpointChoice.Latest, Description = import.Request.Description };
            var number = Model.LatestVersion + 1;
            await RegisterAsync(request, import.RequestedBy, model => Ended(import with { Status = ModelImportStatus.Registered, Version = number, EndedAt = now }, model));
            logger.LogInformation("Model {Model}: import {Upload} registered as v{Version}", Name, import.Id, number);
            return;
        }
        var error = $"import run {run.Id} is {Describe(run.Status)}{(run.Failure is { } f ? $": {f.Error}" : "")}";
        await CommitAsync(Ended(import with { Status = ModelImportStatus.Failed, Error = error, EndedAt = now }),
            [Audit("import-failed", PlatformActor, error, details: new() { ["upload"] = import.Id, ["run"] = run.Id })]);
    }

    /// <summary>The model with <paramref name="ended"/> recorded, keeping the last <see cref="KeptEndedImports"/> ended imports.</summary>
    private RegisteredModel Ended(ModelImport ended, RegisteredModel? model = null)
    {
        model ??= Model;
        var imports = new Dictionary<string, ModelImport>(model.Imports) { [ended.Id] = ended };
        foreach (var old in imports.Values.Where(i => i.Status != ModelImportStatus.Importing).OrderByDescending(i => i.EndedAt).Skip(KeptEndedImports).ToList())
            imports.Remove(old.Id);
        return model with { Imports = imports, UpdatedAt = clock.GetUtcNow() };
    }
}
