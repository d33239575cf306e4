using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>Queued runs in start order (priority, then launch time, then id), indexed by run.</summary>
internal sealed class SchedulerQueue
{
    private readonly SortedSet<QueueEntry> _ordered = new(Comparer<QueueEntry>.Create(Compare));
    private readonly Dictionary<string, QueueEntry> _byRun = new(StringComparer.Ordinal);

    public SchedulerQueue(IEnumerable<QueueEntry> entries)
    {
        foreach (var entry in entries)
            Set(entry);
    }

    public int Count => _byRun.Count;

    /// <summary>The queue in start order.</summary>
    public IEnumerable<QueueEntry> Ordered => _ordered;

    public bool Contains(string runId) => _byRun.ContainsKey(runId);

    public bool TryGet(string runId, out QueueEntry entry) => _byRun.TryGetValue(runId, out entry!);

    /// <summary>Adds the run's entry, replacing one it had.</summary>
    public void Set(QueueEntry entry)
    {
        Remove(entry.RunId);
        _ordered.Add(entry);
        _byRun[entry.RunId] = entry;
    }

    public bool Remove(string runId)
    {
        if (!_byRun.Remove(runId, out var entry))
            return false;
        _ordered.Remove(entry);
        return true;
    }

    /// <summary>1-based position in start order, 0 when not queued.</summary>
    public int PositionOf(string runId)
    {
        if (!_byRun.ContainsKey(runId))
            return 0;
        var position = 1;
        foreach (var entry in _ordered)
        {
            if (entry.RunId == runId)
                return position;
            position++;
        }
        return 0;
    }

    private static int Compare(QueueEntry? a, QueueEntry? b)
    {
        var byPriority = b!.Priority.CompareTo(a!.Priority);
        if (byPriority != 0)
            return byPriority;
        var byTime = a.QueuedAt.CompareTo(b.QueuedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.RunId, b.RunId);
    }
}
