using ExperimentPlatform.Models;

namespace ExperimentPlatform.Client;

/// <summary>Which audit entries a reader wants: some actions, an actor (part of the name), an alias. Empty fields match all.</summary>
public sealed record AuditFilter
{
    public IReadOnlySet<string> Actions { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    public string? Actor { get; init; }
    public string? Alias { get; init; }
    public int? Request { get; init; }

    public bool IsEmpty => Actions.Count == 0 && string.IsNullOrWhiteSpace(Actor) && string.IsNullOrWhiteSpace(Alias) && Request is null;

    public bool Matches(AuditEntry entry) =>
        (Actions.Count == 0 || Actions.Contains(entry.Action))
        && (string.IsNullOrWhiteSpace(Actor) || entry.Actor.Contains(Actor.Trim(), StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(Alias) || entry.Alias == Alias)
        && (Request is null || entry.Request == Request);
}
