using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Client;

/// <summary>Datasets: list, look, upload a file from the caller, import from a path the silos can read.</summary>
public sealed class DatasetsClient(IClusterClient cluster, TimeSpan timeout)
{
    /// <summary>Imports can take minutes for large sources.</summary>
    public static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(30);

    public Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key).ListAsync(), timeout, cancellationToken);

    /// <summary>One page of the list, searched (name, description), filtered by kind and sorted on the server.</summary>
    public Task<DatasetPage> QueryAsync(DatasetQuery query, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key).QueryAsync(query), timeout, cancellationToken);

    /// <summary>Records <paramref name="offset"/>.. of a version in canonical form, with the split of each.</summary>
    public Task<DatasetPreview> PreviewAsync(string name, string version, long offset = 0, int count = 10, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetGrain>(name).PreviewAsync(version, offset, count), timeout, cancellationToken);

    public Task<DatasetDetails> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetGrain>(name).GetAsync(), timeout, cancellationToken);

    public Task<DatasetVersion> GetVersionAsync(string name, string version, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetGrain>(name).GetVersionAsync(version), timeout, cancellationToken);

    /// <summary>
    /// Uploads <paramref name="content"/> (a file named <paramref name="fileName"/>; its extension tells the format) as a
    /// new version, in 1 MiB chunks through the cluster. <paramref name="request"/> gives version, kind, actor and the
    /// other import settings; its source is this upload. Bad content throws <see cref="DatasetInputException"/> naming
    /// file and line, and nothing is stored.
    /// </summary>
    public async Task<DatasetVersion> UploadAsync(string name, string fileName, Stream content, ImportRequest request, CancellationToken cancellationToken = default)
    {
        var upload = cluster.GetGrain<IDatasetUploadGrain>(Guid.NewGuid());
        await Calls.WithTimeout(upload.StartAsync(fileName), timeout, cancellationToken);
        var buffer = new byte[IDatasetUploadGrain.ChunkBytes];
        for (var index = 0; ; index++)
        {
            var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
                break;
            await Calls.WithTimeout(upload.AppendAsync(index, buffer[..read]), timeout, cancellationToken);
            if (read < buffer.Length)
                break;
        }
        var job = await Calls.WithTimeout(upload.CompleteAsync(name, request with { FileName = fileName }), timeout, cancellationToken);
        return await WaitAsync(name, job, cancellationToken);
    }

    /// <summary>Imports a new version and waits for its job to end (at most the import timeout); the grain calls are short reads.</summary>
    public async Task<DatasetVersion> ImportAsync(string name, ImportRequest request, CancellationToken cancellationToken = default) =>
        await WaitAsync(name, await StartImportAsync(name, request, cancellationToken), cancellationToken);

    /// <summary>Starts importing a new version; returns its job at once (watch it with <see cref="GetImportAsync"/>).</summary>
    public Task<DatasetImportJob> StartImportAsync(string name, ImportRequest request, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetGrain>(name).StartImportAsync(request), timeout, cancellationToken);

    public Task<DatasetImportJob> GetImportAsync(string name, string job, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetGrain>(name).GetImportAsync(job), timeout, cancellationToken);

    /// <summary>The dataset's import jobs, newest first: running ones and the last ended ones.</summary>
    public Task<IReadOnlyList<DatasetImportJob>> ListImportsAsync(string name, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IDatasetGrain>(name).ListImportsAsync(), timeout, cancellationToken);

    /// <summary>Waits (at most the import timeout) for a job to end: its version, or the refusal its failure means.</summary>
    public async Task<DatasetVersion> WaitAsync(string name, DatasetImportJob job, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ImportTimeout);
        try
        {
            return await DatasetImports.WaitAsync(cluster.GetGrain<IDatasetGrain>(name), job, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"import job {job.Id} of {name}@{job.Version} did not end within {ImportTimeout.TotalMinutes:0} minutes; it goes on (GetImportAsync)");
        }
    }

    /// <summary>
    /// A new version of <paramref name="name"/> from another dataset version (<c>NAME@VERSION</c>): one split of it
    /// (<c>train</c>, <c>validation</c>, <c>test</c>) or all, as <paramref name="kind"/> (e.g. a classification dataset's
    /// train split as unlabeled text, for domain pretraining that never sees the test emails).
    /// </summary>
    public Task<DatasetVersion> DeriveAsync(string name, string version, string from, string? split, DatasetKind kind, string actor, string description = "",
        CancellationToken cancellationToken = default) =>
        ImportAsync(name, new ImportRequest
        {
            Version = version, Kind = kind, SourceType = ImportSourceType.Dataset, Location = from, SourceSplit = split, Actor = actor, Description = description,
        }, cancellationToken);
}
