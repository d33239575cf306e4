namespace ExperimentPlatform.Datasets;

/// <summary>Waiting for an import job: short reads of its record, never a call held open for the import.</summary>
public static class DatasetImports
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    /// <summary>Starts an import job and waits for it (<see cref="WaitAsync"/>): the caller waits, no grain call does.</summary>
    public static async Task<DatasetVersion> ImportAsync(this IDatasetGrain dataset, ImportRequest request, CancellationToken cancellationToken = default) =>
        await WaitAsync(dataset, await dataset.StartImportAsync(request), cancellationToken);

    /// <summary>Reads the job until it ends; returns the version it created, or throws what its failure means.</summary>
    public static async Task<DatasetVersion> WaitAsync(IDatasetGrain dataset, DatasetImportJob job, CancellationToken cancellationToken = default)
    {
        var poll = FirstPoll;
        while (!job.Ended)
        {
            await Task.Delay(poll, cancellationToken);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxPoll.Ticks));
            job = await dataset.GetImportAsync(job.Id);
        }
        return job.Status == DatasetImportStatus.Completed ? job.Created! : throw DatasetImportErrors.ToException(job);
    }
}
