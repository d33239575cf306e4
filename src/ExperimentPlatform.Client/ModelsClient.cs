using ExperimentPlatform.Models;

namespace ExperimentPlatform.Client;

/// <summary>The model registry: models, immutable versions made from runs' checkpoints, lineage, promotion and the audit log.</summary>
public sealed class ModelsClient(IClusterClient cluster, TimeSpan timeout)
{
    public Task<RegisteredModel> CreateAsync(string name, ModelDefinition definition, string actor, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).CreateAsync(definition, actor), timeout, cancellationToken);

    public Task<RegisteredModel> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).GetAsync(), timeout, cancellationToken);

    public Task<IReadOnlyList<ModelSummary>> ListAsync(ModelTask? task = null, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).ListAsync(task), timeout, cancellationToken);

    /// <summary>A new version of <paramref name="name"/> from a run's checkpoint; the model is created when it does not exist.</summary>
    public Task<ModelVersion> RegisterAsync(string name, RegisterVersionRequest request, string actor, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).RegisterVersionAsync(request, actor), timeout, cancellationToken);

    /// <summary>Versions, newest first.</summary>
    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).ListVersionsAsync(), timeout, cancellationToken);

    /// <summary><c>name</c> (latest), <c>name@vN</c> or <c>name@alias</c> to the version it names now.</summary>
    public Task<ModelVersion> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var parsed = ModelReference.Parse(reference);
        return Calls.Send(() => Model(parsed.Model).ResolveAsync(parsed.Selector), timeout, cancellationToken);
    }

    public async Task<ModelLineage> GetLineageAsync(string reference, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(reference, cancellationToken);
        return await Calls.Send(() => Model(version.Model).GetLineageAsync(version.Version), timeout, cancellationToken);
    }

    public Task<RegisteredModel> SetPolicyAsync(string name, PromotionPolicy policy, string actor, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).SetPolicyAsync(policy, actor), timeout, cancellationToken);

    /// <summary>Asks to move an alias to a version: the gate evaluates it on worker silos; a protected alias then needs an approver.</summary>
    public Task<PromotionRequest> RequestPromotionAsync(string name, string alias, int version, string actor, string reason = "", CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).RequestPromotionAsync(alias, version, actor, reason), timeout, cancellationToken);

    public Task<PromotionRequest> ApproveAsync(string name, int request, string actor, string reason = "", CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).ApproveAsync(request, actor, reason), timeout, cancellationToken);

    public Task<PromotionRequest> RejectAsync(string name, int request, string actor, string reason, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).RejectAsync(request, actor, reason), timeout, cancellationToken);

    public Task<PromotionRequest> CancelPromotionAsync(string name, int request, string actor, string reason = "", CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).CancelPromotionAsync(request, actor, reason), timeout, cancellationToken);

    public Task<RegisteredModel> RollbackAsync(string name, string alias, string actor, string reason = "", CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).RollbackAsync(alias, actor, reason), timeout, cancellationToken);

    public Task<PromotionRequest> GetPromotionAsync(string name, int request, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).GetPromotionAsync(request), timeout, cancellationToken);

    public Task<IReadOnlyList<PromotionRequest>> ListPromotionsAsync(string name, int max = 100, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).ListPromotionsAsync(max), timeout, cancellationToken);

    /// <summary>Waits until the request leaves the gate (awaiting approval, completed, or failed), polling every half second.</summary>
    public Task<PromotionRequest> WaitForGateAsync(string name, int request, CancellationToken cancellationToken = default) =>
        PollAsync(() => GetPromotionAsync(name, request, cancellationToken), p => p.Status != PromotionStatus.Evaluating, TimeSpan.FromMilliseconds(500), cancellationToken);

    /// <summary>A model's audit log (or every model's, with <paramref name="name"/> null), newest first.</summary>
    public Task<AuditPage> GetAuditAsync(string? name, string? before = null, int max = 100, CancellationToken cancellationToken = default) =>
        name is null
            ? Calls.Send(() => cluster.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).GetAuditAsync(before, max), timeout, cancellationToken)
            : Calls.Send(() => Model(name).GetAuditAsync(before, max), timeout, cancellationToken);

    /// <summary>Pages of the audit log scanned in a row for a filtered read: at most this many per call.</summary>
    public const int MaxAuditPagesScanned = 10;

    /// <summary>
    /// The audit log (one model's, or every model's with <paramref name="name"/> null), newest first, keeping the
    /// entries <paramref name="filter"/> matches: reads pages of <paramref name="max"/> until it holds <paramref name="max"/>
    /// matches, the log ends, or <see cref="MaxAuditPagesScanned"/> pages were read; <c>Next</c> continues from there.
    /// </summary>
    public async Task<AuditPage> SearchAuditAsync(string? name, AuditFilter filter, string? before = null, int max = 100, CancellationToken cancellationToken = default)
    {
        var matches = new List<AuditEntry>();
        var next = before;
        for (var pages = 0; pages < MaxAuditPagesScanned; pages++)
        {
            var page = await GetAuditAsync(name, next, max, cancellationToken);
            matches.AddRange(page.Entries.Where(filter.Matches));
            next = page.Next;
            if (next is null || matches.Count >= max || filter.IsEmpty)
                break;
        }
        return new AuditPage(matches, next);
    }

    /// <summary>
    /// Uploads a Hugging Face GPT-2 model (a folder, or a zip of one) in 1 MiB chunks and starts its import into
    /// <paramref name="name"/> (a foundation model, created if needed). The upload is checked whole before anything is
    /// kept (shapes against config.json, vocabulary against the tokenizer); the version appears when the import's run
    /// completes (<see cref="WaitForImportAsync"/>).
    /// </summary>
    public async Task<ModelImport> ImportAsync(string name, string path, ImportVersionRequest request, string actor, CancellationToken cancellationToken = default)
    {
        using var source = HuggingFaceSource.FromPath(path);
        return await UploadAsync(name, source, request, actor, cancellationToken);
    }

    /// <summary>As <see cref="ImportAsync(string, string, ImportVersionRequest, string, CancellationToken)"/>, from a zip in a seekable stream (disposed here).</summary>
    public async Task<ModelImport> ImportZipAsync(string name, Stream zip, ImportVersionRequest request, string actor, CancellationToken cancellationToken = default)
    {
        using var source = HuggingFaceSource.FromZip(zip, "the upload");
        return await UploadAsync(name, source, request, actor, cancellationToken);
    }

    private async Task<ModelImport> UploadAsync(string name, HuggingFaceSource source, ImportVersionRequest request, string actor, CancellationToken cancellationToken)
    {
        var upload = cluster.GetGrain<IModelImportGrain>(Guid.NewGuid());
        await Calls.WithTimeout(upload.StartAsync(name, request, actor), timeout, cancellationToken);
        var buffer = new byte[IModelImportGrain.ChunkBytes];
        foreach (var file in HuggingFaceSource.Files)
        {
            await using var content = source.Open(file);
            for (var index = 0; ; index++)
            {
                var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                    break;
                await Calls.WithTimeout(upload.AppendAsync(file, index, buffer[..read]), timeout, cancellationToken);
                if (read < buffer.Length)
                    break;
            }
        }
        return await Calls.WithTimeout(upload.CompleteAsync(), TimeSpan.FromMinutes(5), cancellationToken);
    }

    public Task<ModelImport> GetImportAsync(string name, string id, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).GetImportAsync(id), timeout, cancellationToken);

    /// <summary>Waits until the import's run has ended and its version is registered (or the import failed), polling every second.</summary>
    public Task<ModelImport> WaitForImportAsync(string name, string id, CancellationToken cancellationToken = default) =>
        PollAsync(() => GetImportAsync(name, id, cancellationToken), i => i.Status != ModelImportStatus.Importing, TimeSpan.FromSeconds(1), cancellationToken);

    /// <summary>Reads until <paramref name="done"/> holds, waiting <paramref name="period"/> between reads.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan period, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await read();
            if (done(current))
                return current;
            await Task.Delay(period, cancellationToken);
        }
    }

    /// <summary>
    /// Exports <paramref name="reference"/> (<c>name@vN</c>, <c>name@alias</c>, <c>name</c>) as a zipped Hugging Face
    /// GPT-2 folder, made on a worker the first time; audited on the model. The export is a job: this starts it and
    /// reads its status until made (short calls; no grain call waits for it). Read the zip with <see cref="DownloadExportAsync"/>.
    /// </summary>
    public async Task<ModelExport> ExportAsync(string reference, string actor, CancellationToken cancellationToken = default)
    {
        var exports = cluster.GetGrain<IModelExportGrain>(IModelExportGrain.Key);
        var status = await Calls.Send(() => exports.StartExportAsync(reference, actor), timeout, cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ExportTimeout);
        var poll = TimeSpan.FromMilliseconds(100);
        try
        {
            while (status.State == ModelExportState.Exporting)
            {
                await Task.Delay(poll, limit.Token);
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
                var version = status.Version;
                status = await Calls.Send(() => exports.GetExportAsync(version, actor), timeout, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the export of {status.Version} was not made within {ExportTimeout.TotalMinutes:0} minutes; it goes on (export again to read its status)");
        }
        return status.State == ModelExportState.Exported
            ? status.Export!
            : throw new ExperimentPlatform.Inference.InferenceException($"exporting {status.Version} failed: {status.Error}");
    }

    /// <summary>Starts an export and returns its status at once (exporting, or exported already).</summary>
    public Task<ModelExportStatus> StartExportAsync(string reference, string actor, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IModelExportGrain>(IModelExportGrain.Key).StartExportAsync(reference, actor), timeout, cancellationToken);

    /// <summary>How long <see cref="ExportAsync"/> waits for a worker to make an export.</summary>
    public static readonly TimeSpan ExportTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Copies an export's zip to <paramref name="destination"/> in 1 MiB chunks; checks its length.</summary>
    public async Task DownloadExportAsync(ModelExport export, Stream destination, string actor, CancellationToken cancellationToken = default)
    {
        var exports = cluster.GetGrain<IModelExportGrain>(IModelExportGrain.Key);
        long offset = 0;
        while (offset < export.Bytes)
        {
            var position = offset;
            var chunk = await Calls.Send(() => exports.ReadAsync(export.Version, position, IModelExportGrain.MaxReadBytes, actor), timeout, cancellationToken);
            if (chunk.Length == 0)
                throw new IOException($"the export of {export.Version} ended at {offset:N0} of {export.Bytes:N0} bytes");
            await destination.WriteAsync(chunk, cancellationToken);
            offset += chunk.Length;
        }
    }

    private IModelGrain Model(string name) => cluster.GetGrain<IModelGrain>(name);
}
