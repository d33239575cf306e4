namespace ExperimentPlatform.Runs;

/// <summary>Queued → Starting → Running ⇄ Paused → Completed | Failed | Cancelled (see docs/runs.md).</summary>
public enum RunStatus
{
    Queued = 0,
    Starting = 1,
    Running = 2,
    Paused = 3,
    Completed = 4,
    Failed = 5,
    Cancelled = 6,
}
