namespace ExperimentPlatform.Datasets;

/// <summary>
/// One import of a new dataset version, run as a job: starting it records the intent and returns; the reading,
/// validation and storing run off the dataset grain's turn; callers read or watch this record until it ends.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.DatasetImportJob")]
public sealed record DatasetImportJob
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Dataset { get; init; }

    /// <summary>The version it creates (reserved while it runs: a second import of the name is refused).</summary>
    [Id(2)] public required string Version { get; init; }
    [Id(3)] public required DatasetKind Kind { get; init; }
    [Id(4)] public required string Actor { get; init; }
    [Id(5)] public required DateTimeOffset StartedAt { get; init; }
    [Id(6)] public DatasetImportStatus Status { get; init; }
    [Id(7)] public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The version created, once completed.</summary>
    [Id(8)] public DatasetVersion? Created { get; init; }

    /// <summary>Why it failed: the message a refusal would have given.</summary>
    [Id(9)] public string? Error { get; init; }

    /// <summary>What kind of failure: <see cref="DatasetImportErrors"/>.</summary>
    [Id(10)] public string? ErrorKind { get; init; }

    /// <summary>Where the data comes from (upload file name, path, catalog entry, source dataset).</summary>
    [Id(11)] public string Source { get; init; } = "";

    /// <summary>For bad input: what is wrong without the location, and the file and line it was found at.</summary>
    [Id(12)] public string? ErrorProblem { get; init; }
    [Id(13)] public string? ErrorFile { get; init; }
    [Id(14)] public long? ErrorLine { get; init; }

    /// <summary>The staged upload it reads (deleted when the job ends), if it imports one.</summary>
    [Id(15)] public string? StagedUpload { get; init; }

    /// <summary>The description the version gets.</summary>
    [Id(16)] public string Description { get; init; } = "";

    /// <summary>This job ended by <paramref name="e"/>.</summary>
    public DatasetImportJob FailedBy(Exception e, DateTimeOffset at) => this with
    {
        Status = DatasetImportStatus.Failed, EndedAt = at, Error = e.Message, ErrorKind = DatasetImportErrors.Of(e),
        ErrorProblem = (e as DatasetInputException)?.Problem, ErrorFile = (e as DatasetInputException)?.File, ErrorLine = (e as DatasetInputException)?.Line,
    };

    public bool Ended => Status != DatasetImportStatus.Importing;
}
