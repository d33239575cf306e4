namespace ExperimentPlatform.Models;

/// <summary>A page of the audit log, newest first; pass <see cref="Next"/> to read older entries.</summary>
[GenerateSerializer, Immutable, Alias("ep.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Entries,
    [property: Id(1)] string? Next);
