using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs.Journal;

/// <summary>
/// This silo's event journal: the appends of every run log on the silo are stored together, one blob per group
/// commit (whatever arrived while the previous commit was being written), so storage sees a few writes per second
/// however many runs report. An append completes once its commit is stored; the run log publishes it only then.
/// Each run's committed events are later compacted into the run's own batches (<see cref="RunBlobStore"/>), after
/// <see cref="CompactAfter"/> or <see cref="CompactAtEvents"/> events, when the run log deactivates, and when the silo
/// stops; a journal blob is deleted once every run in it is compacted. A silo that dies leaves its folder behind:
/// <see cref="JournalCatchUp"/> replays it before a run log that may have events there takes new ones.
/// </summary>
public sealed class EventJournal(
    EventJournalStore store, RunBlobStore runs, SiloLiveness liveness, ILocalSiloDetails silo, IGrainFactory grains, ILogger<EventJournal> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>A run's events are compacted between one and two of these after they were first committed (spread, so runs do not compact in step).</summary>
    public static readonly TimeSpan CompactAfter = TimeSpan.FromSeconds(30);
    public const int CompactAtEvents = 5_000;

    /// <summary>Compactions at once: few, so the commits that appends wait for never queue behind a burst of them.</summary>
    private const int CompactionsAtOnce = 2;
    /// <summary>
    /// On a busy silo (the previous commit held at least <see cref="BusyCommit"/> appends) a commit waits this long after
    /// the previous one began, so storage sees at most about 20 commits a second, not one per append; a quiet silo
    /// commits at once.
    /// </summary>
    private static readonly TimeSpan CommitSpacing = TimeSpan.FromMilliseconds(50);
    private const int BusyCommit = 32;

    /// <summary>How long stopping may spend compacting what is left.</summary>
    public static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan OrphanCheckPeriod = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, RunTail> _tails = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Dictionary<string, long>> _commits = [];
    private readonly HashSet<long> _undeleted = [];
    /// <summary>Runs whose log summary is known to exist (made sure before their first batch from this journal); forgotten in bulk past <see cref="MaxSummarised"/>.</summary>
    private readonly HashSet<string> _summarised = new(StringComparer.Ordinal);
    private const int MaxSummarised = 100_000;
    private List<PendingAppend> _pending = [];
    private TaskCompletionSource _work = NewSignal();
    private long _lastCommit;
    private bool _closed;
    private Task _committer = Task.CompletedTask;
    private Task _sweeper = Task.CompletedTask;

    /// <summary>This silo's folder in the journal store.</summary>
    public string Folder { get; } = EventJournalStore.FolderOf(silo.SiloAddress);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EventJournal), ServiceLifecycleStage.ApplicationServices, Start, Stop);

    /// <summary>Stores <paramref name="events"/> (numbered, consecutive) in the next group commit; completes once stored.</summary>
    public Task AppendAsync(string run, IReadOnlyList<RunEvent> events)
    {
        var append = new PendingAppend(run, events, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            if (_closed)
                throw new InvalidOperationException($"silo {silo.SiloAddress} is stopping; its event journal takes no more appends");
            _pending.Add(append);
            _work.TrySetResult();
        }
        return append.Done.Task;
    }

    /// <summary>Writes <paramref name="run"/>'s committed, not yet compacted events to the run's own batches now; true when there were some.</summary>
    public async Task<bool> CompactAsync(string run, CancellationToken cancellationToken = default)
    {
        RunTail? tail;
        lock (_gate)
            _tails.TryGetValue(run, out tail);
        if (tail is null)
            return false;
        await tail.Compacting.WaitAsync(cancellationToken);
        try
        {
            List<RunEvent> events;
            lock (_gate)
                events = [.. tail.Events];
            if (events.Count == 0)
                return false;
            bool summarised;
            lock (_gate)
                summarised = _summarised.Contains(run);
            if (!summarised)
            {
                // A log's batches are never without its summary: a log without one is otherwise taken for empty.
                await runs.CreateSummaryIfAbsentAsync(run, RunLogSummary.First([Folder]), cancellationToken);
                lock (_gate)
                {
                    if (_summarised.Count >= MaxSummarised)
                        _summarised.Clear();
                    _summarised.Add(run);
                }
            }
            await runs.WriteEventsAsync(run, events, cancellationToken);
            var emptied = new List<long>();
            lock (_gate)
            {
                tail.Events.RemoveRange(0, events.Count);
                tail.Due = NextDue(DateTime.UtcNow);
                if (tail.Events.Count == 0 && _tails.TryGetValue(run, out var current) && current == tail)
                    _tails.Remove(run);
                foreach (var (commit, lastSeqs) in _commits)
                {
                    if (lastSeqs.TryGetValue(run, out var last) && last <= events[^1].Seq && lastSeqs.Remove(run) && lastSeqs.Count == 0)
                        emptied.Add(commit);
                }
                foreach (var commit in emptied)
                {
                    _commits.Remove(commit);
                    _undeleted.Add(commit);
                }
            }
            await DeleteCommitsAsync(cancellationToken);
            return true;
        }
        finally
        {
            tail.Compacting.Release();
        }
    }

    /// <summary>Runs with committed events not yet compacted.</summary>
    private int PendingRuns
    {
        get
        {
            lock (_gate)
                return _tails.Count;
        }
    }

    private Task Start(CancellationToken cancellationToken)
    {
        _committer = Task.Run(CommitLoopAsync, CancellationToken.None);
        _sweeper = Task.Run(SweepLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Run logs have deactivated (and compacted) by now; commits what is left, compacts every run, and leaves an empty folder.</summary>
    private async Task Stop(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _closed = true;
            _work.TrySetResult();
        }
        await _stop.CancelAsync();
        await Task.WhenAll(_committer, _sweeper);
        List<string> left;
        lock (_gate)
            left = [.. _tails.Keys];
        // Bounded, so a silo whose storage is gone still stops: what is not compacted stays in the journal, which
        // the next reader of those runs replays once this silo is declared dead.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(StopBudget);
        try
        {
            await Parallel.ForEachAsync(left, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = budget.Token }, async (run, ct) =>
            {
                try
                {
                    await CompactAsync(run, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not compact the events of run {Run} at shutdown; they stay in journal {Folder} for replay", run, Folder);
                }
            });
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopping: {Count} run(s) not compacted within {Budget}; their events stay in journal {Folder} for replay", PendingRuns, StopBudget, Folder);
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task CommitLoopAsync()
    {
        var sinceCommit = System.Diagnostics.Stopwatch.StartNew();
        var lastCommitSize = 0;
        while (true)
        {
            if (lastCommitSize >= BusyCommit && sinceCommit.Elapsed < CommitSpacing && !_closed)
                await Task.Delay(CommitSpacing - sinceCommit.Elapsed);
            List<PendingAppend> batch;
            Task signal;
            lock (_gate)
            {
                batch = _pending;
                _pending = [];
                if (batch.Count == 0)
                {
                    if (_closed)
                        return;
                    _work = NewSignal();
                }
                signal = _work.Task;
            }
            if (batch.Count == 0)
            {
                await signal;
                continue;
            }
            sinceCommit.Restart();
            lastCommitSize = batch.Count;
            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch)
    {
        var entries = batch.GroupBy(a => a.Run, StringComparer.Ordinal)
            .Select(g => new JournalEntry(g.Key, [.. g.SelectMany(a => a.Events)])).ToList();
        var commit = ++_lastCommit;
        try
        {
            // Transient storage failures are retried by the storage client itself; what still fails, fails the appends.
            await store.WriteAsync(Folder, commit, entries);
        }
        catch (Exception e)
        {
            foreach (var append in batch)
                append.Done.TrySetException(e);
            return;
        }
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            foreach (var entry in entries)
            {
                if (!_tails.TryGetValue(entry.Run, out var tail))
                    _tails[entry.Run] = tail = new RunTail { Due = NextDue(now) };
                tail.Events.AddRange(entry.Events);
            }
            _commits[commit] = entries.ToDictionary(e => e.Run, e => e.Events[^1].Seq, StringComparer.Ordinal);
        }
        foreach (var append in batch)
            append.Done.TrySetResult();
    }

    private async Task SweepLoopAsync()
    {
        using var timer = new PeriodicTimer(SweepPeriod);
        var lastOrphanCheck = DateTime.UtcNow;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                List<string> due;
                var now = DateTime.UtcNow;
                lock (_gate)
                    due = [.. _tails.Where(t => t.Value.Events.Count >= CompactAtEvents || now >= t.Value.Due).Select(t => t.Key)];
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = CompactionsAtOnce, CancellationToken = _stop.Token }, async (run, ct) =>
                {
                    try
                    {
                        await CompactAsync(run, ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogWarning(e, "Compacting the events of run {Run} failed; retrying later", run);
                    }
                });
                if (now - lastOrphanCheck >= OrphanCheckPeriod)
                {
                    lastOrphanCheck = now;
                    await ReplayOrphansAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Replays the journals of silos that are gone, so events of runs nobody reads again still reach their logs.</summary>
    private async Task ReplayOrphansAsync()
    {
        try
        {
            foreach (var folder in await store.ListFoldersAsync(_stop.Token))
            {
                if (folder != Folder && liveness.IsGone(folder))
                    await grains.GetGrain<IJournalReplayGrain>(folder).ReplayAsync(null);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Replaying the journals of departed silos failed; retrying later");
        }
    }

    private async Task DeleteCommitsAsync(CancellationToken cancellationToken)
    {
        List<long> commits;
        lock (_gate)
            commits = [.. _undeleted];
        foreach (var commit in commits)
        {
            await store.DeleteAsync(Folder, commit, cancellationToken);
            lock (_gate)
                _undeleted.Remove(commit);
        }
    }

    private static DateTime NextDue(DateTime now) => now + CompactAfter * (1 + Random.Shared.NextDouble());

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record PendingAppend(string Run, IReadOnlyList<RunEvent> Events, TaskCompletionSource Done);

    private sealed class RunTail
    {
        public List<RunEvent> Events { get; } = [];

        public DateTime Due { get; set; }

        public SemaphoreSlim Compacting { get; } = new(1, 1);
    }
}
