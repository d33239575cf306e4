using Azure;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// One run's lifecycle. Every change is validated (<see cref="RunStatusRules"/>), written to the run table and only
/// then published: to this grain's readers, the run's event log and the run list. Reports carry their attempt
/// number; a superseded attempt's reports are refused. Nothing here blocks: the training runs in a process the
/// executor on the worker supervises.
/// </summary>
public sealed partial class RunGrain(
    RunStore store,
    RunBlobStore blobs,
    ImportBlobStore imports,
    LaunchValidator validator,
    Telemetry.PlatformMetrics metrics,
    TimeProvider clock,
    Access.RoleDirectory access,
    ILogger<RunGrain> logger) : Grain, IRunGrain
{
    private const int KeptTransitions = 50;
    private static readonly TimeSpan ProgressWriteInterval = TimeSpan.FromSeconds(10);

    /// <summary>How often a running run's progress reaches the run list between writes (lists refresh running rows every 2 s).</summary>
    private static readonly TimeSpan ProgressListInterval = TimeSpan.FromSeconds(1);

    private RunDetails? _run;
    private ETag _etag;
    private DateTimeOffset _progressWritten;
    private DateTimeOffset _progressListed;

    private string Id => this.GetPrimaryKeyString();

    private RunDetails Run => _run ?? throw new RunNotFoundException($"no run '{Id}'");

    private IRunSchedulerGrain Scheduler => GrainFactory.GetGrain<IRunSchedulerGrain>(IRunSchedulerGrain.Key);

    private IRunEventsGrain Events => GrainFactory.GetGrain<IRunEventsGrain>(Id);

    private IRunIndexGrain RunList => GrainFactory.GetGrain<IRunIndexGrain>(IRunIndexGrain.Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_run, _etag) = await store.ReadAsync(Id, cancellationToken);
        // Retention interrupted between deleting a checkpoint's blobs and saving the run without it: finish it now.
        if (_run is not null && CheckpointRetention.Dropped(_run).Count > 0)
            await TryApplyRetentionAsync();
        // A queued run whose queue entry was lost (a crash between its write and the scheduler's) queues again.
        // Not awaited: the scheduler may be what activated this grain, waiting on an interleaving call.
        if (_run?.Status == RunStatus.Queued)
            _ = EnqueueAsync().ContinueWith(t => logger.LogWarning(t.Exception, "Re-queueing run {Run} failed", Id),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.PublishTokensPerSecond(Id, null);
        return Task.CompletedTask;
    }

    public async Task<RunDetails> LaunchAsync(RunSpec spec, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        await access.RequireAsync(actor, ExperimentPlatform.Access.PlatformRole.Researcher, "launch runs");
        if (_run is not null)
            throw new RunStateException($"run '{Id}' already exists");
        var plan = await validator.ValidateAsync(spec);
        var referrer = $"run:{Id}";
        var dataset = GrainFactory.GetGrain<IDatasetGrain>(plan.Dataset.Name);
        await dataset.AddReferenceAsync(plan.Dataset.Version, referrer);
        try
        {
            if (plan.Start is { } start)
                await GrainFactory.GetGrain<IRunGrain>(start.Run).ReferenceCheckpointAsync(start.Step, Id);
            if (plan.Import is { } import && await imports.ClaimAsync(import.Id, Id) is { } owner)
                throw new RunSpecException("start.import", $"the uploaded model '{import.Id}' already started run {owner}; an upload starts one run (start others from its registered version)");
            var now = clock.GetUtcNow();
            var run = new RunDetails
            {
                Id = Id, Spec = spec, Status = RunStatus.Queued, CreatedBy = actor, CreatedAt = now, UpdatedAt = now,
                Dataset = plan.Dataset, StartCheckpoint = plan.Start, Classes = plan.Classes, ContextLength = plan.ContextLength,
                StartModel = plan.StartModel, StartImport = plan.Import,
                Transitions = [new RunTransition(now, RunStatus.Queued, RunStatus.Queued, actor, "launched")],
            };
            await SaveAsync(run);
        }
        catch
        {
            await dataset.RemoveReferenceAsync(plan.Dataset.Version, referrer);
            throw;
        }
        // Stored: from here on the run exists, so what follows must not fail the launch (the scheduler's
        // reconciliation and the run's activation re-queue it if the queue call is lost).
        try
        {
            await EnqueueAsync();
            await Events.CreateAsync();
            await Events.AppendAsync([StatusEvent(RunStatus.Queued, "launched")]);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Run {Run} is stored but queueing or logging its launch failed; it is queued again when it next activates", Id);
        }
        logger.LogInformation("Run {Run} launched by {Actor}: {Kind} on {Dataset}", Id, actor, spec.Kind, plan.Dataset);
        return await GetAsync();
    }

    public async Task<RunDetails> GetAsync()
    {
        var run = Run;
        if (run.Status != RunStatus.Queued)
            return run;
        return run with { Waiting = await Scheduler.GetWaitingAsync(Id) };
    }

    public async Task<RunDetails> PauseAsync(string actor, string reason)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        await access.RequireAsync(actor, ExperimentPlatform.Access.PlatformRole.Researcher, "pause runs");
        switch (Run.Status)
        {
            case RunStatus.Queued:
                await TransitionAsync(RunStatus.Paused, actor, reason);
                await Scheduler.ReleaseAsync(Id, Run.Attempt + 1);
                break;
            case RunStatus.Starting or RunStatus.Running:
                await SaveAsync(Run with { Requested = RunRequests.Pause, RequestedBy = actor, RequestReason = ExperimentPlatform.Access.Reasons.Given(reason), UpdatedAt = clock.GetUtcNow() });
                // The request is stored; the log line and the executor's order need not wait for each other.
                await Task.WhenAll(Events.AppendAsync([Log($"pause requested by {actor}: {ExperimentPlatform.Access.Reasons.Given(reason)}")]), Executor().PauseAsync());
                break;
            default:
                throw new RunStateException($"run {Id} is {Describe(Run.Status)}; only a queued, starting or running run can be paused");
        }
        return await GetAsync();
    }

    public async Task<RunDetails> ResumeAsync(string actor, string reason)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        await access.RequireAsync(actor, ExperimentPlatform.Access.PlatformRole.Researcher, "resume runs");
        if (Run.Status != RunStatus.Paused)
            throw new RunStateException($"run {Id} is {Describe(Run.Status)}; only a paused run can be resumed");
        await TransitionAsync(RunStatus.Queued, actor, reason);
        await EnqueueAsync();
        return await GetAsync();
    }

    public async Task<RunDetails> CancelAsync(string actor, string reason)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        await access.RequireAsync(actor, ExperimentPlatform.Access.PlatformRole.Researcher, "cancel runs");
        switch (Run.Status)
        {
            case RunStatus.Queued or RunStatus.Paused:
                await TransitionAsync(RunStatus.Cancelled, actor, reason);
                await Scheduler.ReleaseAsync(Id, Run.Attempt + 1);
                break;
            case RunStatus.Starting or RunStatus.Running:
                await SaveAsync(Run with { Requested = RunRequests.Cancel, RequestedBy = actor, RequestReason = ExperimentPlatform.Access.Reasons.Given(reason), UpdatedAt = clock.GetUtcNow() });
                // The request is stored; the log line and the executor's order need not wait for each other.
                await Task.WhenAll(Events.AppendAsync([Log($"cancel requested by {actor}: {ExperimentPlatform.Access.Reasons.Given(reason)}")]), Executor().CancelAsync());
                break;
            default:
                throw new RunStateException($"run {Id} is {Describe(Run.Status)}; it has already ended");
        }
        return await GetAsync();
    }

    public async Task ReferenceCheckpointAsync(int step, string referrer)
    {
        if (Run.Checkpoints.All(c => c.Step != step))
            throw new RunStateException($"run {Id} has no checkpoint at step {step}");
        var users = Run.CheckpointReferences.GetValueOrDefault(step) ?? [];
        if (users.Contains(referrer))
            return;
        var references = new Dictionary<int, IReadOnlyList<string>>(Run.CheckpointReferences) { [step] = [.. users, referrer] };
        await SaveAsync(Run with { CheckpointReferences = references });
    }

    public async Task ReleaseCheckpointAsync(int step, string referrer)
    {
        if (_run is null || !Run.CheckpointReferences.TryGetValue(step, out var users) || !users.Contains(referrer))
            return;
        var references = new Dictionary<int, IReadOnlyList<string>>(Run.CheckpointReferences);
        var left = users.Where(u => u != referrer).ToList();
        if (left.Count == 0)
            references.Remove(step);
        else
            references[step] = left;
        await SaveAsync(Run with { CheckpointReferences = references });
        await TryApplyRetentionAsync();
    }

    private IRunExecutorGrain Executor() =>
        GrainFactory.GetGrain<IRunExecutorGrain>($"{Id}/{Run.Attempt}/{Run.Assignment!.Silo}");

    private async Task EnqueueAsync() =>
        await Scheduler.EnqueueAsync(new QueueEntry
        {
            RunId = Id, Priority = Run.Spec.Priority, QueuedAt = Run.UpdatedAt, Resources = Run.Spec.Resources,
            NextAttempt = Run.Attempt + 1, ResumeStep = Run.LatestCheckpoint?.Step ?? 0,
        });

    /// <summary>
    /// Writes the run, then publishes it (here and to the run list). A failed write changes nothing; once written,
    /// the write stands and is what callers are told, even when the run list's notice fails.
    /// </summary>
    private async Task SaveAsync(RunDetails run)
    {
        _etag = await store.WriteAsync(run, _etag);
        _run = run;
        _progressWritten = _progressListed = clock.GetUtcNow();
        await NoticeAsync(run);
    }

    /// <summary>Tells the run list; a lost notice is repaired by its next sync from the run table (every 2 s).</summary>
    private async Task NoticeAsync(RunDetails run)
    {
        try
        {
            await RunList.UpsertAsync(RunSummary.Of(run));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Run {Run}: telling the run list failed; it reads the stored run at its next sync", Id);
        }
    }

    private async Task TransitionAsync(RunStatus to, string actor, string reason, Func<RunDetails, RunDetails>? change = null)
    {
        var from = Run.Status;
        if (!RunStatusRules.Allows(from, to))
            throw new RunStateException($"run {Id} cannot go from {Describe(from)} to {Describe(to)}");
        var now = clock.GetUtcNow();
        var transitions = Run.Transitions.Append(new RunTransition(now, from, to, actor, ExperimentPlatform.Access.Reasons.Given(reason))).TakeLast(KeptTransitions).ToList();
        var next = Run with { Status = to, UpdatedAt = now, Transitions = transitions };
        if (!to.HoldsSlot())
            next = next with { Requested = null, RequestedBy = null, RequestReason = null };
        // Before the save: reads interleave with the awaits below, and none may see the new status with the old throughput
        // (if the save fails the run is still running, and its next step report publishes the throughput again).
        if (to != RunStatus.Running)
            metrics.PublishTokensPerSecond(Id, null);
        await SaveAsync(change is null ? next : change(next));
        try
        {
            await Events.AppendAsync([StatusEvent(to, ExperimentPlatform.Access.Reasons.Given(reason))]);
        }
        catch (Exception e)
        {
            // The transition is stored; watchers also end on the run's own status (RunsClient.WatchAsync).
            logger.LogWarning(e, "Run {Run}: logging the transition to {To} failed", Id, to);
        }
        logger.LogInformation("Run {Run}: {From} → {To} by {Actor} ({Reason})", Id, from, to, actor, reason);
        if (!to.HoldsSlot())
            await TrySweepAsync();
        if (to.IsTerminal())
            await TryReleaseStartAsync();
    }

    /// <summary>
    /// An ended run needs its starting checkpoint no more: release it, so references do not pile up on the run it came
    /// from (gate evaluations start from registered checkpoints every time). A failure leaves the reference (kept longer).
    /// Uploaded weights it started from are deleted: its checkpoints hold them now.
    /// </summary>
    private async Task TryReleaseStartAsync()
    {
        if (Run.StartImport is { } import)
        {
            try
            {
                await imports.DeleteAsync(import.Id);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Run {Run}: deleting the uploaded model {Import} it started from failed; it stays in storage", Id, import.Id);
            }
        }
        if (Run.StartCheckpoint is not { } start)
            return;
        try
        {
            await GrainFactory.GetGrain<IRunGrain>(start.Run).ReleaseCheckpointAsync(start.Step, Id);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Run {Run}: releasing its starting checkpoint (run {Start} step {Step}) failed; it stays referenced", Id, start.Run, start.Step);
        }
    }

    private RunEvent StatusEvent(RunStatus status, string reason) =>
        new() { Type = RunEventTypes.Status, Attempt = Run.Attempt, Step = Run.Progress.Step, At = clock.GetUtcNow(), Text = RunStatusText.Format(status, reason), Status = status };

    private RunEvent Log(string text) =>
        new() { Type = RunEventTypes.Log, Attempt = Run.Attempt, Step = Run.Progress.Step, At = clock.GetUtcNow(), Text = text };


    private static string Describe(RunStatus status) => RunStatusText.Name(status);

}
