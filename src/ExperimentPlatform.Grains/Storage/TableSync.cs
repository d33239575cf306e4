using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>How an in-memory list follows its table: a read of the changes (<see cref="TableChangeLog"/>) every <see cref="SyncPeriod"/>.</summary>
public static class TableSync
{
    public static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="sync"/> every <see cref="SyncPeriod"/> on the grain's timer; a failure is logged and retried.</summary>
    public static void Every(IGrainBase grain, Func<Task> sync, ILogger logger, string what) =>
        grain.RegisterGrainTimer(async () =>
        {
            try
            {
                await sync();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Syncing {What} from its table failed; retrying in {Period}", what, SyncPeriod);
            }
        }, SyncPeriod, SyncPeriod);
}
