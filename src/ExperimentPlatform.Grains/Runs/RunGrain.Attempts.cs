using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>The attempt side of a run: the scheduler starts attempts, the executor reports on them.</summary>
public sealed partial class RunGrain
{
    private const string System = ExperimentPlatform.Access.ActorName.Platform;

    public async Task StartAttemptAsync(RunAssignment assignment)
    {
        if (_run is null || Run.Status != RunStatus.Queued || assignment.Attempt != Run.Attempt + 1)
        {
            // Cancelled or paused while the scheduler admitted it, or a duplicate: give the slot back.
            await Scheduler.ReleaseAsync(Id, assignment.Attempt);
            return;
        }
        var resume = Run.LatestCheckpoint;
        await TransitionAsync(RunStatus.Starting, System, $"attempt {assignment.Attempt} on {assignment.Silo}",
            r => r with { Attempt = assignment.Attempt, Assignment = assignment });
        await Events.AppendAsync([new RunEvent { Type = RunEventTypes.Attempt, Attempt = Run.Attempt, Step = resume?.Step ?? 0, At = clock.GetUtcNow(), Text = assignment.Silo }]);
        var dataset = await GrainFactory.GetGrain<ExperimentPlatform.Datasets.IDatasetGrain>(Run.Dataset.Name).GetVersionAsync(Run.Dataset.Version);
        try
        {
            await Executor().StartAsync(new ExecutionOrder
            {
                RunId = Id, Attempt = Run.Attempt, Spec = Run.Spec, DatasetSha256 = dataset.Sha256, ContentBlob = dataset.ContentBlob,
                SplitBlob = dataset.SplitBlob, Init = Run.StartCheckpoint ?? (Run.StartImport is { } import ? ImportBlobStore.StartFor(import, Run.Spec.Tokenizer) : null), Resume = resume, Accelerator = assignment.Accelerator,
            });
        }
        catch (Exception e) when (e is not RunStateException)
        {
            logger.LogWarning(e, "Starting run {Run} attempt {Attempt} on {Silo} failed; queueing it again", Id, Run.Attempt, assignment.Silo);
            await RequeueAsync(Run.Attempt, $"the worker could not start it: {e.Message}");
        }
    }

    public async Task ReportAsync(int attempt, IReadOnlyList<RunEvent> events)
    {
        CheckAttempt(attempt);
        if (Run.Status == RunStatus.Starting)
            await TransitionAsync(RunStatus.Running, System, $"training process started on {Run.Assignment!.Silo}");
        await Events.AppendAsync(events);
        // Only while running: a cancelled attempt's last reports can still arrive after its transition.
        if (Run.Status == RunStatus.Running
            && events.LastOrDefault(e => e.Type == RunEventTypes.Step && e.Values.ContainsKey(MetricNames.TokensPerSecond)) is { } last)
            metrics.PublishTokensPerSecond(Id, last.Values[MetricNames.TokensPerSecond]);
        var next = Run with { Progress = Run.Progress.With(events) };
        // Progress is in the stored event log already; the row catches up every few seconds, the run list (memory) sooner.
        var now = clock.GetUtcNow();
        if (now - _progressWritten > ProgressWriteInterval)
        {
            await SaveAsync(next with { UpdatedAt = now });
            return;
        }
        _run = next;
        if (now - _progressListed > ProgressListInterval)
        {
            _progressListed = now;
            await NoticeAsync(next);
        }
    }

    public async Task RecordCheckpointAsync(int attempt, CheckpointRecord checkpoint)
    {
        CheckAttempt(attempt);
        var checkpoints = Run.Checkpoints.Where(c => c.Step != checkpoint.Step).Append(checkpoint).OrderBy(c => c.Step).ToList();
        await SaveAsync(Run with { Checkpoints = checkpoints, UpdatedAt = clock.GetUtcNow() });
        metrics.RecordCheckpoint(Run.Spec.Kind, checkpoint);
        await ApplyRetentionAsync();
    }

    public async Task EndAttemptAsync(int attempt, AttemptOutcome outcome)
    {
        CheckAttempt(attempt);
        var step = Math.Max(outcome.Step, Run.Progress.Step);
        switch (outcome.Status)
        {
            case RunStatus.Completed:
                await TransitionAsync(RunStatus.Completed, System, $"finished at step {step}", r => r with { Progress = r.Progress with { Step = step } });
                break;
            case RunStatus.Paused when Run.Requested == RunRequests.Cancel:
            case RunStatus.Cancelled:
                await TransitionAsync(RunStatus.Cancelled, Run.RequestedBy ?? System, $"{Run.RequestReason ?? "cancelled"}; stopped at step {step}",
                    r => r with { Progress = r.Progress with { Step = step } });
                break;
            case RunStatus.Paused:
                await TransitionAsync(RunStatus.Paused, Run.RequestedBy ?? System, $"{Run.RequestReason ?? "paused"}; checkpointed at step {step}",
                    r => r with { Progress = r.Progress with { Step = step } });
                break;
            case RunStatus.Queued:
                await RequeueAsync(attempt, outcome.Error ?? "the worker handed it back");
                return;
            default:
                var failure = new RunFailure(outcome.Error ?? "the training process failed", step, outcome.LastLogLines);
                await TransitionAsync(RunStatus.Failed, System, failure.Error, r => r with { Failure = failure });
                break;
        }
        await Scheduler.ReleaseAsync(Id, attempt);
    }

    public async Task AttemptLostAsync(int attempt, string reason)
    {
        if (_run is null || attempt != Run.Attempt || !Run.Status.HoldsSlot())
            return;
        await RequeueAsync(attempt, reason);
    }

    /// <summary>The attempt ended without finishing (worker lost or handed it back): queue again, or honour a pending pause or cancel.</summary>
    private async Task RequeueAsync(int attempt, string reason)
    {
        var to = Run.Requested switch { RunRequests.Pause => RunStatus.Paused, RunRequests.Cancel => RunStatus.Cancelled, _ => RunStatus.Queued };
        await TransitionAsync(to, Run.RequestedBy ?? System, $"attempt {attempt} ended: {reason}");
        await Scheduler.ReleaseAsync(Id, attempt);
        if (to == RunStatus.Queued)
            await EnqueueAsync();
    }

    private void CheckAttempt(int attempt)
    {
        if (_run is null || attempt != Run.Attempt || !Run.Status.HoldsSlot())
            throw new RunStateException($"attempt {attempt} of run {Id} is not current (current: attempt {_run?.Attempt}, {_run?.Status.ToString().ToLowerInvariant()}); its report is refused");
    }
}
