using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Tests.Ui;

/// <summary>A registered model with the versions, promotion requests, lineage and audit the test gives; records decisions.</summary>
public sealed class FakeModel(RegisteredModel model, IReadOnlyList<ModelVersion> versions) : IModelGrain
{
    public List<PromotionRequest> Promotions { get; } = [];
    public List<AuditEntry> Audit { get; } = [];
    public ModelLineage? Lineage { get; set; }
    public List<(int Request, string Actor, string Reason)> Approvals { get; } = [];

    public Task<RegisteredModel> GetAsync() => Task.FromResult(model);
    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync() => Task.FromResult(versions);
    public Task<ModelVersion> GetVersionAsync(int version) => Task.FromResult(versions.Single(v => v.Version == version));

    public Task<ModelVersion> ResolveAsync(string versionOrAlias) =>
        Task.FromResult(versionOrAlias.Length == 0 ? versions.MaxBy(v => v.Version)!
            : ModelReference.VersionNumber(versionOrAlias) is { } n ? versions.Single(v => v.Version == n)
            : versions.Single(v => v.Version == model.Aliases[versionOrAlias]));

    public Task<ModelLineage> GetLineageAsync(int version) => Task.FromResult(Lineage ?? throw new ModelNotFoundException("no lineage in this test"));
    public Task<PromotionRequest> GetPromotionAsync(int request) => Task.FromResult(Promotions.Single(p => p.Id == request));
    public Task<IReadOnlyList<PromotionRequest>> ListPromotionsAsync(int max = 100) => Task.FromResult<IReadOnlyList<PromotionRequest>>([.. Promotions.OrderByDescending(p => p.Id).Take(max)]);
    public Task<AuditPage> GetAuditAsync(string? before = null, int max = 100) => Task.FromResult(new AuditPage([.. Audit.OrderByDescending(a => a.Seq).Take(max)], null));

    public Task<PromotionRequest> ApproveAsync(int request, string actor, string reason)
    {
        Approvals.Add((request, actor, reason));
        var done = Promotions.Single(p => p.Id == request) with { Status = PromotionStatus.Completed, DecidedBy = actor, Decision = reason };
        Promotions[Promotions.FindIndex(p => p.Id == request)] = done;
        return Task.FromResult(done);
    }

    public Task<RegisteredModel> CreateAsync(ModelDefinition definition, string actor) => throw new NotSupportedException();
    public Task<ModelVersion> RegisterVersionAsync(RegisterVersionRequest request, string actor) => throw new NotSupportedException();
    public Task<ModelImport> ImportAsync(ModelImport upload, string actor) => throw new NotSupportedException();
    public Task<ModelImport> GetImportAsync(string id) => throw new NotSupportedException();
    public Task RecordExportAsync(ModelExport export, string actor) => throw new NotSupportedException();
    public Task<RegisteredModel> SetPolicyAsync(PromotionPolicy policy, string actor) => throw new NotSupportedException();
    public Task<PromotionRequest> RequestPromotionAsync(string alias, int version, string actor, string reason) => throw new NotSupportedException();
    public Task<PromotionRequest> RejectAsync(int request, string actor, string reason) => throw new NotSupportedException();
    public Task<PromotionRequest> CancelPromotionAsync(int request, string actor, string reason) => throw new NotSupportedException();
    public Task<RegisteredModel> RollbackAsync(string alias, string actor, string reason) => throw new NotSupportedException();

    /// <summary>A classifier version trained by <paramref name="run"/>, with its test accuracy.</summary>
    public static ModelVersion Version(string model, int number, string run, double accuracy, ModelVersionRef? parent = null) => new()
    {
        Model = model, Version = number, Task = ModelTask.Classifier, Run = run, ChosenBy = "best by validation/accuracy",
        Checkpoint = new CheckpointRecord { Step = 40, Attempt = 1, Prefix = $"{run}/checkpoints/", Files = [], Bytes = 1, CreatedAt = DateTimeOffset.UtcNow },
        Metrics = new Dictionary<string, double> { ["test/accuracy"] = accuracy }, Dataset = new DatasetVersionRef("mail", "v1", new string('b', 64)), Parent = parent,
        Config = new RunSpec { Kind = RunKind.Classify, Dataset = "mail" }, Tokenizer = "gpt2", ContextLength = 64, CodeVersion = "abc", RegisteredBy = "alice",
        RegisteredAt = DateTimeOffset.UtcNow,
    };
}
