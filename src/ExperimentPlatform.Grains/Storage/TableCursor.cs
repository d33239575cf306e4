using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// How far an in-memory list has read a table, by the rows' server-set timestamps. Each read starts a margin before
/// the newest row seen, so clock skew between writers cannot hide a row.
/// </summary>
public sealed class TableCursor
{
    public static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);
    private DateTimeOffset? _newest;

    /// <summary>Where the next read starts; null: read everything.</summary>
    public DateTimeOffset? Since => _newest - Overlap;

    public void Advance(DateTimeOffset? newest)
    {
        if (newest is not null && (_newest is null || newest > _newest))
            _newest = newest;
    }

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
