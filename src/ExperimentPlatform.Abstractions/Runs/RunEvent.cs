namespace ExperimentPlatform.Runs;

/// <summary>
/// One entry of a run's event log. <see cref="Type"/>: <c>step</c> (values <c>train/loss</c>, <c>train/lr</c>,
/// <c>train/grad_norm</c>, <c>train/tokens_per_second</c>), <c>eval</c> (<c>{split}/{metric}</c>), <c>sample</c>,
/// <c>checkpoint</c>, <c>log</c>, <c>status</c> (<see cref="Status"/>; text: the new status, then the reason) and <c>attempt</c> (an
/// attempt starts on a worker; step: the checkpoint it resumes from).
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.RunEvent")]
public sealed record RunEvent
{
    /// <summary>Position in the run's log, from 1; assigned when stored.</summary>
    [Id(0)] public long Seq { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public int Attempt { get; init; }
    [Id(3)] public int Step { get; init; }
    [Id(4)] public DateTimeOffset At { get; init; }
    [Id(5)] public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();
    [Id(6)] public string? Text { get; init; }

    /// <summary>A <c>status</c> event's new status (its text says it for people, with the reason).</summary>
    [Id(7)] public RunStatus? Status { get; init; }
}
