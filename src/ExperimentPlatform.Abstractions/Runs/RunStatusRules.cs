namespace ExperimentPlatform.Runs;

/// <summary>Which status changes a run may make; everything else is refused.</summary>
public static class RunStatusRules
{
    public static bool IsTerminal(this RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>Statuses in which the run holds a worker slot.</summary>
    public static bool HoldsSlot(this RunStatus status) => status is RunStatus.Starting or RunStatus.Running;

    public static bool Allows(RunStatus from, RunStatus to) => (from, to) switch
    {
        (RunStatus.Queued, RunStatus.Starting or RunStatus.Paused or RunStatus.Cancelled or RunStatus.Failed) => true,
        (RunStatus.Starting, RunStatus.Running or RunStatus.Queued or RunStatus.Paused or RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled) => true,
        (RunStatus.Running, RunStatus.Queued or RunStatus.Paused or RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled) => true,
        (RunStatus.Paused, RunStatus.Queued or RunStatus.Cancelled) => true,
        _ => false,
    };
}
