namespace ExperimentPlatform.Runs;

/// <summary>How an attempt's training process ended, as its executor saw it.</summary>
[GenerateSerializer, Immutable, Alias("ep.AttemptOutcome")]
public sealed record AttemptOutcome
{
    /// <summary>Completed, Paused, Cancelled or Failed; Queued when a stopping worker handed the run back.</summary>
    [Id(0)] public required RunStatus Status { get; init; }
    [Id(1)] public int Step { get; init; }
    [Id(2)] public string? Error { get; init; }
    [Id(3)] public IReadOnlyList<string> LastLogLines { get; init; } = [];
    [Id(4)] public int? ExitCode { get; init; }
}
