namespace ExperimentPlatform.Models;

/// <summary>
/// One step in the registry's append-only audit log: who did what to which model, version, alias or request, when,
/// why, and the figures (a gate's results). Never edited.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.AuditEntry")]
public sealed record AuditEntry
{
    /// <summary>Numbered per model from 1, without gaps.</summary>
    [Id(0)] public required long Seq { get; init; }
    [Id(1)] public required string Model { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }
    [Id(3)] public required string Actor { get; init; }

    /// <summary><c>create</c>, <c>register</c>, <c>policy</c>, <c>request</c>, <c>refuse</c>, <c>gate-passed</c>, <c>gate-failed</c>, <c>approve</c>, <c>reject</c>, <c>cancel</c>, <c>move</c>, <c>rollback</c>.</summary>
    [Id(4)] public required string Action { get; init; }
    [Id(5)] public string? Alias { get; init; }
    [Id(6)] public int? Version { get; init; }
    [Id(7)] public int? Request { get; init; }
    [Id(8)] public string Reason { get; init; } = "";

    /// <summary>Figures and facts of the step (the gate's metrics, the previous version of a moved alias).</summary>
    [Id(9)] public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}
