namespace ExperimentPlatform.Runs;

/// <summary>What an executor needs to run an attempt: the run, its resolved inputs, and where to resume.</summary>
[GenerateSerializer, Immutable, Alias("ep.ExecutionOrder")]
public sealed record ExecutionOrder
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required int Attempt { get; init; }
    [Id(2)] public required RunSpec Spec { get; init; }

    /// <summary>Content and split blobs of the dataset version (datasets container).</summary>
    [Id(3)] public required string DatasetSha256 { get; init; }
    [Id(4)] public required string ContentBlob { get; init; }
    [Id(5)] public required string SplitBlob { get; init; }

    /// <summary>The checkpoint the weights start from (a fresh run from another run's checkpoint).</summary>
    [Id(6)] public CheckpointRef? Init { get; init; }

    /// <summary>The run's own latest checkpoint to resume from exactly (a later attempt).</summary>
    [Id(7)] public CheckpointRecord? Resume { get; init; }

    /// <summary>The worker's accelerator (<c>cpu</c> or <c>cuda</c>): the device the process trains on.</summary>
    [Id(8)] public required string Accelerator { get; init; }
}
