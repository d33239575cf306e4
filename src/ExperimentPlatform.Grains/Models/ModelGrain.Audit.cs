using System.Globalization;
using ExperimentPlatform.Models;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Models;

/// <summary>
/// Every change of the model is committed together with the audit entries that record it (one table transaction),
/// then published here and copied into the platform-wide feed.
/// </summary>
public sealed partial class ModelGrain
{
    /// <summary>An entry to commit; its number and time are set by <see cref="CommitAsync"/>.</summary>
    private static AuditEntry Audit(string action, string actor, string reason = "", string? alias = null, int? version = null, int? request = null,
        Dictionary<string, string>? details = null) => new()
    {
        Seq = 0, Model = "", At = default, Actor = actor, Action = action, Alias = alias, Version = version, Request = request, Reason = reason,
        Details = details ?? [],
    };

    /// <summary>
    /// Writes the model, its audit entries and the requests it touched in one transaction, then publishes the model
    /// here and the entries to the platform-wide feed. A failed write changes nothing.
    /// </summary>
    private async Task CommitAsync(RegisteredModel model, IReadOnlyList<AuditEntry> audit, IReadOnlyList<PromotionRequest>? promotions = null)
    {
        var now = clock.GetUtcNow();
        var seq = _model?.AuditSeq ?? 0;
        var entries = audit.Select(e => e with { Seq = ++seq, Model = Name, At = now }).ToList();
        model = model with { AuditSeq = seq };
        _etag = await store.CommitAsync(model, _model is null ? default : _etag, entries, promotions ?? []);
        _model = model;
        foreach (var request in promotions ?? [])
            _promotions[request.Id] = request;
        try
        {
            await store.PublishAuditAsync(entries);
        }
        catch (Exception e)
        {
            // The model's own log has them; the feed is repaired when the model next activates.
            logger.LogWarning(e, "Model {Model}: copying audit entries to the platform feed failed", Name);
        }
    }

    /// <summary>A crash between a commit and its copy into the feed loses at most that commit's entries: copy the last few again.</summary>
    private async Task RepairFeedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.PublishAuditAsync(await store.ReadAuditAsync(Name, null, 5, cancellationToken), cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Model {Model}: repairing the platform audit feed failed", Name);
        }
    }

    public async Task<AuditPage> GetAuditAsync(string? before = null, int max = 100)
    {
        _ = Model;
        Require(max is > 0 and <= 1000, "max", $"must lie in 1..1000, got {max}");
        long? beforeSeq = null;
        if (before is not null)
        {
            Require(long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var seq), "before", $"'{before}' is not a page position from this model's log");
            beforeSeq = seq;
        }
        var entries = await store.ReadAuditAsync(Name, beforeSeq, max);
        return new AuditPage(entries, entries.Count == max && entries[^1].Seq > 1 ? entries[^1].Seq.ToString(CultureInfo.InvariantCulture) : null);
    }
}
