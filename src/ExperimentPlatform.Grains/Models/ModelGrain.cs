using Azure;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Models;

/// <summary>
/// One registered model. Its row (definition, version count, aliases) is written with an ETag and only then
/// published; versions are separate rows, written once and never changed. Calls that change the model are not
/// interleaved, so version numbers are handed out one at a time.
/// </summary>
public sealed partial class ModelGrain(ModelStore store, Access.RoleDirectory access, TimeProvider clock, ILogger<ModelGrain> logger) : Grain, IModelGrain, IRemindable
{
    public const int MaxDescription = 2000;
    public const int MaxOwners = 20;
    public const int KeptAliasHistory = 20;

    private RegisteredModel? _model;
    private ETag _etag;
    private readonly VersionCache _versions = new();

    private string Name => this.GetPrimaryKeyString();

    private RegisteredModel Model => _model ?? throw new ModelNotFoundException($"no model '{Name}'");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_model, _etag) = await store.ReadAsync(Name, cancellationToken);
        if (_model is null)
            return;
        // A version row stored by a call that died before it updated the model row: count it, and audit it now.
        var newer = await store.ReadVersionsAsync(Name, _model.LatestVersion, cancellationToken);
        if (newer.Count > 0)
            await CommitAsync(_model with { LatestVersion = newer[^1].Version }, [.. newer.Select(v => Audit("register", v.RegisteredBy,
                "recorded when the model next activated (the registering call ended before its audit entry)", version: v.Version,
                details: new() { ["run"] = v.Run, ["step"] = v.Checkpoint.Step.ToString(System.Globalization.CultureInfo.InvariantCulture) }))]);
        await LoadOpenPromotionsAsync(cancellationToken);
        await RepairFeedAsync(cancellationToken);
    }

    public async Task<RegisteredModel> CreateAsync(ModelDefinition definition, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        CheckName();
        await access.RequireAsync(actor, ExperimentPlatform.Access.PlatformRole.Researcher, "create models");
        if (_model is not null)
            throw new ModelConflictException($"model '{Name}' already exists ({ModelTasks.Describe(_model.Task)}, {_model.LatestVersion} version(s))");
        ArgumentNullException.ThrowIfNull(definition);
        Require(Enum.IsDefined(definition.Task), "task", $"'{definition.Task}' is not one of foundation, classifier, instruct");
        Require((definition.Description ?? "").Length <= MaxDescription, "description", $"at most {MaxDescription} characters, got {definition.Description?.Length}");
        var owners = (definition.Owners ?? []).Count == 0 ? [actor] : definition.Owners!.Distinct(StringComparer.Ordinal).ToList();
        Require(owners.Count <= MaxOwners, "owners", $"at most {MaxOwners}, got {owners.Count}");
        foreach (var owner in owners)
            Require(ExperimentPlatform.Access.ActorName.IsValid(owner), "owners", $"'{owner}': {ExperimentPlatform.Access.ActorName.Rule}");
        var now = clock.GetUtcNow();
        await CommitAsync(new RegisteredModel
        {
            Name = Name, Task = definition.Task, Description = definition.Description ?? "", Owners = owners, CreatedBy = actor, CreatedAt = now, UpdatedAt = now,
        }, [Audit("create", actor, definition.Description ?? "", details: new() { ["task"] = ModelTasks.Describe(definition.Task), ["owners"] = string.Join(", ", owners) })]);
        logger.LogInformation("Model {Model} ({Task}) created by {Actor}", Name, definition.Task, actor);
        return Model;
    }

    public Task<RegisteredModel> GetAsync() => Task.FromResult(Model);

    public async Task<ModelVersion> GetVersionAsync(int version)
    {
        _ = Model;
        if (version < 1 || version > Model.LatestVersion)
            throw new ModelNotFoundException(Model.LatestVersion == 0
                ? $"model '{Name}' has no versions yet"
                : $"model '{Name}' has no version v{version} (it has v1 to v{Model.LatestVersion})");
        if (_versions.TryGet(version, out var cached))
            return cached;
        var stored = await store.ReadVersionAsync(Name, version) ?? throw new ModelNotFoundException($"model '{Name}' has no version v{version}");
        _versions.Add(stored);
        return stored;
    }

    /// <summary>Read from the version rows each time: listing is rare, and holding every version would grow without bound.</summary>
    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync()
    {
        _ = Model;
        return [.. (await store.ReadVersionsAsync(Name)).OrderByDescending(v => v.Version)];
    }

    public async Task<ModelVersion> ResolveAsync(string versionOrAlias)
    {
        _ = Model;
        if (string.IsNullOrEmpty(versionOrAlias))
            return await GetVersionAsync(Model.LatestVersion);
        if (ModelReference.VersionNumber(versionOrAlias) is { } number)
            return await GetVersionAsync(number);
        if (Model.Aliases.TryGetValue(versionOrAlias, out var aliased))
            return await GetVersionAsync(aliased);
        throw new ModelNotFoundException(Model.Aliases.Count == 0
            ? $"model '{Name}' has no alias '{versionOrAlias}' (it has no aliases yet)"
            : $"model '{Name}' has no alias '{versionOrAlias}' (its aliases: {string.Join(", ", Model.Aliases.Keys.Order(StringComparer.Ordinal))})");
    }

    private void CheckName()
    {
        if (ResourceName.Problem(Name, "model name") is { } problem)
            throw new ModelInputException("name", problem);
    }


    private static void Require(bool condition, string field, string problem)
    {
        if (!condition)
            throw new ModelInputException(field, problem);
    }
}
