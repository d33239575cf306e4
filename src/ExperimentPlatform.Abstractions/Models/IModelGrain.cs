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

    /// <summary>
    /// Starts the import of a validated upload (from <see cref="IModelImportGrain"/>): a run that evaluates the weights
    /// on the request's dataset and writes them as its step-0 checkpoint; when it completes the version is registered
    /// as the importer. Creates the model (a foundation) when it does not exist.
    /// </summary>
    [Alias("Import")]
    Task<ModelImport> ImportAsync(ModelImport upload, string actor);

    /// <summary>An import by its upload id (open ones and the latest ended ones are kept).</summary>
    [Alias("GetImport"), AlwaysInterleave]
    Task<ModelImport> GetImportAsync(string id);

    /// <summary>Audits a Hugging Face export of a version (who took the weights out, and which bytes).</summary>
    [Alias("RecordExport")]
    Task RecordExportAsync(ModelExport export, string actor);

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

    /// <summary>Sets the promotion policy (benchmark, primary metric, allowed regression, thresholds, protected aliases).</summary>
    [Alias("SetPolicy")]
    Task<RegisteredModel> SetPolicyAsync(PromotionPolicy policy, string actor);

    /// <summary>
    /// Asks to move <paramref name="alias"/> to <paramref name="version"/>: starts the gate's evaluation runs. One open
    /// request per alias: another request for it is refused (<see cref="ModelConflictException"/>) and audited.
    /// </summary>
    [Alias("RequestPromotion")]
    Task<PromotionRequest> RequestPromotionAsync(string alias, int version, string actor, string reason);

    /// <summary>Approves a request waiting for approval (not by its requester); the alias moves at once.</summary>
    [Alias("Approve")]
    Task<PromotionRequest> ApproveAsync(int request, string actor, string reason);

    [Alias("Reject")]
    Task<PromotionRequest> RejectAsync(int request, string actor, string reason);

    /// <summary>Withdraws an open request (its evaluation runs are cancelled).</summary>
    [Alias("CancelPromotion")]
    Task<PromotionRequest> CancelPromotionAsync(int request, string actor, string reason);

    /// <summary>Moves an alias back to the version it pointed at before its last move.</summary>
    [Alias("Rollback")]
    Task<RegisteredModel> RollbackAsync(string alias, string actor, string reason);

    [Alias("GetPromotion"), AlwaysInterleave]
    Task<PromotionRequest> GetPromotionAsync(int request);

    /// <summary>Requests, newest first (at most <paramref name="max"/>).</summary>
    [Alias("ListPromotions"), AlwaysInterleave]
    Task<IReadOnlyList<PromotionRequest>> ListPromotionsAsync(int max = 100);

    /// <summary>The model's audit log, newest first; <paramref name="before"/> from a previous page's <c>Next</c>.</summary>
    [Alias("GetAudit"), AlwaysInterleave]
    Task<AuditPage> GetAuditAsync(string? before = null, int max = 100);
}
