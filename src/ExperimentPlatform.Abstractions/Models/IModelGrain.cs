using Orleans.Concurrency;

namespace ExperimentPlatform.Models;

/// <summary>
/// One registered model, keyed by its name: its definition, its immutable versions and their lineage. Calls that
/// change it take the actor who asks; refused requests throw <see cref="ModelInputException"/>,
/// <see cref="ModelNotFoundException"/> or <see cref="ModelConflictException"/> and change nothing.
/// </summary>
[Alias("ep.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<RegisteredModel> CreateAsync(ModelDefinition definition, string actor);

    [Alias("Get"), AlwaysInterleave]
    Task<RegisteredModel> GetAsync();

    /// <summary>
    /// A new version from a run's checkpoint; creates the model first (task from the run's kind) when it does not exist.
    /// </summary>
    [Alias("RegisterVersion")]
    Task<ModelVersion> RegisterVersionAsync(RegisterVersionRequest request, string actor);

    [Alias("GetVersion"), AlwaysInterleave]
    Task<ModelVersion> GetVersionAsync(int version);

    /// <summary>Versions, newest first.</summary>
    [Alias("ListVersions"), AlwaysInterleave]
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync();

    /// <summary><c>vN</c>, an alias, or empty (the latest version) to the version it names now.</summary>
    [Alias("Resolve"), AlwaysInterleave]
    Task<ModelVersion> ResolveAsync(string versionOrAlias);

    [Alias("GetLineage"), AlwaysInterleave]
    Task<ModelLineage> GetLineageAsync(int version);
}
