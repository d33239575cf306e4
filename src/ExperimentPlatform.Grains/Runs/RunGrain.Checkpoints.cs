using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>A run's checkpoints in Blob storage: retention and the sweep of orphaned blobs.</summary>
public sealed partial class RunGrain
{
    /// <summary>
    /// Deletes dropped checkpoints' blobs first and their records second, so a blob never outlives a record's deletion
    /// unnoticed. A crash in between leaves records of deleted checkpoints, which only retention itself still selects:
    /// it runs again on the next checkpoint and when the run next activates, and deleting is idempotent.
    /// </summary>
    private async Task ApplyRetentionAsync()
    {
        var dropped = CheckpointRetention.Dropped(Run);
        if (dropped.Count == 0)
            return;
        foreach (var checkpoint in dropped)
            foreach (var name in await blobs.ListAsync(checkpoint.Prefix))
                await blobs.DeleteAsync(name);
        var gone = dropped.Select(c => c.Step).ToHashSet();
        await SaveAsync(Run with { Checkpoints = [.. Run.Checkpoints.Where(c => !gone.Contains(c.Step))] });
    }

    private async Task TryApplyRetentionAsync()
    {
        try
        {
            await ApplyRetentionAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Run {Run}: finishing an interrupted checkpoint retention failed; the next checkpoint or activation retries", Id);
        }
    }

    public async Task<int> SweepCheckpointsAsync()
    {
        var recorded = Run.Checkpoints.Select(c => c.Prefix).ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var group in (await blobs.ListAsync(RunBlobStore.CheckpointsPrefix(Id))).GroupBy(n => n[..(n.LastIndexOf('/') + 1)]))
        {
            // An unrecorded upload of the current attempt may still be on its way to its record; earlier attempts' cannot.
            if (recorded.Contains(group.Key) || RunBlobStore.AttemptOf(group.Key) >= Run.Attempt && Run.Status.HoldsSlot())
                continue;
            foreach (var name in group)
            {
                await blobs.DeleteAsync(name);
                deleted++;
            }
        }
        if (deleted > 0)
            logger.LogInformation("Run {Run}: swept {Count} orphaned checkpoint blob(s)", Id, deleted);
        return deleted;
    }

    /// <summary>A sweep that must not fail the transition it follows.</summary>
    private async Task TrySweepAsync()
    {
        try
        {
            await SweepCheckpointsAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Sweeping the orphaned checkpoint blobs of run {Run} failed; the next attempt's end retries", Id);
        }
    }
}
