using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>
/// Imports as jobs. Starting one checks the request, reserves the version name and stores the job, then reads,
/// validates and stores the content on a task of its own; the task reports back through short grain calls
/// (<see cref="RecordImportAsync"/>, <see cref="FailImportAsync"/>), so launches referencing the dataset and reads
/// never queue behind an import. The grain stays active while a job runs; a job found running when the grain
/// activates lost its task with its silo and is reported failed (interrupted), its staged upload deleted.
/// </summary>
public sealed partial class DatasetGrain
{
    /// <summary>Ended import jobs kept on the dataset's row (running ones are always kept).</summary>
    public const int KeptEndedImports = 20;

    private static readonly int[] ReportRetryMilliseconds = [200, 1000, 5000];

    public async Task<DatasetImportJob> StartImportAsync(ImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            ResourceName.Check(Name, "dataset name");
            ResourceName.Check(request.Version, "version name");
            ExperimentPlatform.Access.ActorName.Require(request.Actor);
            await access.RequireAsync(request.Actor, ExperimentPlatform.Access.PlatformRole.Researcher, "create dataset versions");
            if (request.SourceType == ImportSourceType.LocalPath)
            {
                await access.RequireAsync(request.Actor, ExperimentPlatform.Access.PlatformRole.Admin, "import from a path on the server");
                CheckImportFolder(request.Location);
            }
            CheckNewVersion(request.Version, request.Kind);
            var source = request.SourceType == ImportSourceType.Dataset ? await ResolveSourceAsync(request) : null;
            CheckNewVersion(request.Version, request.Kind); // again: the source's resolution awaited
            var job = new DatasetImportJob
            {
                Id = Guid.NewGuid().ToString("N"), Dataset = Name, Version = request.Version, Kind = request.Kind, Actor = request.Actor,
                StartedAt = clock.GetUtcNow(), Status = DatasetImportStatus.Importing, Source = DescribeSource(request),
                StagedUpload = request.SourceType == ImportSourceType.StagedUpload ? request.Location : null, Description = request.Description ?? "",
            };
            await CommitAsync(_row with { Imports = Kept([.. _row.Imports, job]) }, null);
            this.DelayDeactivation(TimeSpan.MaxValue);
            Run(job, request, source);
            logger.LogInformation("Dataset {Dataset}: import job {Job} of version {Version} started by {Actor} ({Source})", Name, job.Id, job.Version, job.Actor, job.Source);
            return job;
        }
        catch when (request.SourceType == ImportSourceType.StagedUpload)
        {
            // Refused before it started: nothing of the upload stays.
            await store.DeleteIfExistsAsync(request.Location);
            throw;
        }
    }

    public Task<DatasetImportJob> GetImportAsync(string id) =>
        _row.Imports.FirstOrDefault(j => j.Id == id) is { } job
            ? Task.FromResult(job)
            : throw new DatasetNotFoundException($"dataset '{Name}' has no import job '{id}' (it keeps running jobs and the last {KeptEndedImports} ended ones)");

    public Task<IReadOnlyList<DatasetImportJob>> ListImportsAsync() =>
        Task.FromResult<IReadOnlyList<DatasetImportJob>>([.. _row.Imports.Reverse()]);

    public async Task RecordImportAsync(string id, IngestedContent content)
    {
        if (Running(id) is not { } job)
            return; // a retried report of a job already ended
        try
        {
            CheckNewVersion(job.Version, job.Kind, except: job.Id);
            await RecordVersionAsync(job, content);
        }
        catch (Exception e)
        {
            await EndAsync(job.FailedBy(e, clock.GetUtcNow()));
            if (Versions.All(v => v.ContentBlob != content.ContentBlob))
                await store.DeleteIfExistsAsync(content.ContentBlob);
            if (Versions.All(v => v.SplitBlob != content.SplitBlob))
                await store.DeleteIfExistsAsync(content.SplitBlob);
        }
    }

    public async Task FailImportAsync(DatasetImportJob failed)
    {
        if (Running(failed.Id) is not null)
            await EndAsync(failed);
    }

    /// <summary>Reads, validates and stores the content on a task of its own, then reports back.</summary>
    private void Run(DatasetImportJob job, ImportRequest request, DatasetVersion? source)
    {
        var self = this.AsReference<IDatasetGrain>();
        var dataset = Name;
        _ = Task.Run(async () =>
        {
            Func<Task> report;
            try
            {
                var result = await ingestor.IngestAsync(dataset, request, CancellationToken.None, source);
                var content = new IngestedContent(result.Sha256, result.ContentBlob, result.SplitBlob, result.Statistics, result.Split, result.Source);
                report = () => self.RecordImportAsync(job.Id, content);
            }
            catch (Exception e)
            {
                if (DatasetImportErrors.Of(e) == DatasetImportErrors.Internal)
                    logger.LogError(e, "Dataset {Dataset}: import job {Job} failed", dataset, job.Id);
                var failed = job.FailedBy(e, clock.GetUtcNow());
                report = () => self.FailImportAsync(failed);
            }
            foreach (var wait in ReportRetryMilliseconds.Append(-1))
            {
                try
                {
                    await report();
                    return;
                }
                catch (Exception e) when (wait >= 0)
                {
                    logger.LogWarning(e, "Dataset {Dataset}: reporting import job {Job} failed; retrying in {Wait} ms", dataset, job.Id, wait);
                    await Task.Delay(wait);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Dataset {Dataset}: reporting import job {Job} failed; it is reported interrupted when the dataset next activates", dataset, job.Id);
                }
            }
        });
    }

    private async Task RecordVersionAsync(DatasetImportJob job, IngestedContent result)
    {
        var contentBlob = result.ContentBlob;
        var splitBlob = result.SplitBlob;
        // Same content as an existing version: share its blobs instead of storing the bytes twice.
        var twin = Versions.FirstOrDefault(v => v.Sha256 == result.Sha256);
        if (twin is not null)
        {
            if (twin.ContentBlob != contentBlob)
                await store.DeleteIfExistsAsync(contentBlob);
            contentBlob = twin.ContentBlob;
            if (twin.Split.Policy == result.Split.Policy)
            {
                if (twin.SplitBlob != splitBlob)
                    await store.DeleteIfExistsAsync(splitBlob);
                splitBlob = twin.SplitBlob;
            }
        }
        var now = clock.GetUtcNow();
        var version = new DatasetVersion
        {
            Name = job.Version, Sha256 = result.Sha256, Kind = job.Kind, ContentBlob = contentBlob, SplitBlob = splitBlob,
            Statistics = twin?.Statistics ?? result.Statistics, Split = result.Split, CreatedBy = job.Actor, CreatedAt = now,
            Description = job.Description, Source = result.Source,
        };
        var created = new DatasetEvent(now, job.Actor, "version-created", version.Name,
            $"{result.Source}: {result.Statistics.Documents:N0} records, sha256 {result.Sha256}");
        var ended = job with { Status = DatasetImportStatus.Completed, EndedAt = now, Created = version };
        await CommitAsync(_row with { Kind = job.Kind, Versions = [.. Versions, version], Imports = Kept(Replace(ended)) }, created);
        await AfterEndAsync(ended);
        if (version.Statistics.Gpt2Tokens is null)
            StartTokenCount(version);
        logger.LogInformation("Dataset {Dataset} version {Version} created by {Actor} (import job {Job}): {Documents} records, sha256 {Sha}",
            Name, version.Name, job.Actor, job.Id, version.Statistics.Documents, version.Sha256);
    }

    private async Task EndAsync(DatasetImportJob ended)
    {
        await CommitAsync(_row with { Imports = Kept(Replace(ended)) }, null);
        await AfterEndAsync(ended);
        logger.LogInformation("Dataset {Dataset}: import job {Job} of version {Version} failed ({Kind}): {Error}", Name, ended.Id, ended.Version, ended.ErrorKind, ended.Error);
    }

    /// <summary>The staged upload goes (stored or refused); with no job left running, the grain may deactivate again.</summary>
    private async Task AfterEndAsync(DatasetImportJob ended)
    {
        if (ended.StagedUpload is { } staged)
            await store.DeleteIfExistsAsync(staged);
        if (!_row.Imports.Any(j => !j.Ended))
            this.DelayDeactivation(TimeSpan.Zero);
    }

    /// <summary>Jobs stored as running when the grain activates lost their task with the silo that ran them.</summary>
    private async Task ReportInterruptedImportsAsync()
    {
        var interrupted = _row.Imports.Where(j => !j.Ended).ToList();
        if (interrupted.Count == 0)
            return;
        var now = clock.GetUtcNow();
        var ended = _row.Imports.Select(j => j.Ended ? j : j with
        {
            Status = DatasetImportStatus.Failed, EndedAt = now, ErrorKind = DatasetImportErrors.Interrupted,
            Error = $"interrupted: the silo running it stopped before it finished (started {j.StartedAt:u}); nothing of it was stored, import it again",
        }).ToList();
        await CommitAsync(_row with { Imports = Kept(ended) }, null);
        foreach (var job in interrupted)
        {
            logger.LogWarning("Dataset {Dataset}: import job {Job} of version {Version} was interrupted (its silo stopped)", Name, job.Id, job.Version);
            if (job.StagedUpload is { } staged)
                await store.DeleteIfExistsAsync(staged);
        }
    }

    /// <summary>A new version's name must be free (not stored, not being imported) and its kind the dataset's.</summary>
    private void CheckNewVersion(string version, DatasetKind kind, string? except = null)
    {
        var kindOf = Versions.Count > 0 ? _row.Kind : _row.Imports.FirstOrDefault(j => !j.Ended && j.Id != except)?.Kind;
        if (kindOf is { } held && held != kind)
            throw new DatasetInputException(
                $"dataset '{Name}' holds {Describe(held)} data; a new version must be {Describe(held)} too, not {Describe(kind)}");
        if (Versions.FirstOrDefault(v => v.Name == version) is { } existing)
            throw new DatasetConflictException(
                $"dataset '{Name}' already has a version '{version}' (sha256 {existing.Sha256[..12]}…); versions are immutable, choose another name");
        if (_row.Imports.FirstOrDefault(j => !j.Ended && j.Version == version && j.Id != except) is { } running)
            throw new DatasetConflictException(
                $"version '{version}' of dataset '{Name}' is being imported (job {running.Id} by {running.Actor}, started {running.StartedAt:u}); choose another name or wait for it");
    }

    private DatasetImportJob? Running(string id) => _row.Imports.FirstOrDefault(j => j.Id == id && !j.Ended);

    private List<DatasetImportJob> Replace(DatasetImportJob ended) => [.. _row.Imports.Select(j => j.Id == ended.Id ? ended : j)];

    /// <summary>Every running job and the last <see cref="KeptEndedImports"/> ended ones, in start order.</summary>
    private static List<DatasetImportJob> Kept(IReadOnlyList<DatasetImportJob> jobs)
    {
        var dropped = jobs.Count(j => j.Ended) - KeptEndedImports;
        return dropped <= 0 ? [.. jobs] : [.. jobs.Where(j => !j.Ended || dropped-- <= 0)];
    }

    private static string DescribeSource(ImportRequest request) => request.SourceType switch
    {
        ImportSourceType.StagedUpload => $"upload {request.FileName ?? "(unnamed)"}",
        ImportSourceType.LocalPath => $"path {request.Location}",
        ImportSourceType.Catalog => $"catalog {request.Location}",
        ImportSourceType.Dataset => $"dataset {request.Location}{(request.SourceSplit is { } split ? $" ({split} split)" : "")}",
        _ => request.SourceType.ToString(),
    };
}
