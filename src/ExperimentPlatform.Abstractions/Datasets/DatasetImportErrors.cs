namespace ExperimentPlatform.Datasets;

/// <summary>
/// The kinds of a failed import (<see cref="DatasetImportJob.ErrorKind"/>), so a caller waiting on the job gets the
/// exception the call would have thrown: bad input (400), a clash (409), something missing (404), refused access
/// (403), or the platform's own failure.
/// </summary>
public static class DatasetImportErrors
{
    public const string Input = "input";
    public const string Conflict = "conflict";
    public const string NotFound = "not-found";
    public const string Forbidden = "forbidden";
    public const string Interrupted = "interrupted";
    public const string Internal = "internal";

    public static string Of(Exception e) => e switch
    {
        PlatformException { Kind: ProblemKind.Input } or ArgumentException or InvalidDataException => Input,
        PlatformException { Kind: ProblemKind.Conflict } => Conflict,
        PlatformException { Kind: ProblemKind.NotFound } => NotFound,
        PlatformException { Kind: ProblemKind.Forbidden } => Forbidden,
        _ => Internal,
    };

    /// <summary>The exception a caller waiting on a failed job throws.</summary>
    public static Exception ToException(DatasetImportJob job) => job.ErrorKind switch
    {
        Input => new DatasetInputException(job.ErrorProblem ?? job.Error ?? "invalid import", job.ErrorFile, job.ErrorLine),
        Conflict => new DatasetConflictException(job.Error ?? "conflict"),
        NotFound => new DatasetNotFoundException(job.Error ?? "not found"),
        Forbidden => new ExperimentPlatform.Access.AccessDeniedException(job.Error ?? "forbidden"),
        _ => new InvalidOperationException($"import of {job.Dataset}@{job.Version} failed: {job.Error}"),
    };
}
