namespace ExperimentPlatform.Runs;

/// <summary>The values of <see cref="RunEvent.Type"/>: what one entry of a run's event log records.</summary>
public static class RunEventTypes
{
    /// <summary>An optimizer step: <c>train/loss</c>, <c>train/lr</c>, <c>train/grad_norm</c>, <c>train/tokens_per_second</c>, <c>train/tokens</c>.</summary>
    public const string Step = "step";

    /// <summary>An evaluation: <c>{split}/{metric}</c> values (<c>validation/loss</c>, <c>test/accuracy</c>, …).</summary>
    public const string Eval = "eval";

    /// <summary>A generated text sample (<see cref="RunEvent.Text"/>).</summary>
    public const string Sample = "sample";

    /// <summary>A checkpoint was written at <see cref="RunEvent.Step"/>.</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>A line of the training process's log, or a request noted by the platform.</summary>
    public const string Log = "log";

    /// <summary>A status change; <see cref="RunEvent.Text"/> is <see cref="RunStatusText"/>'s form: the new status, a colon, the reason.</summary>
    public const string Status = "status";

    /// <summary>An attempt starts on a worker (<see cref="RunEvent.Text"/>: the silo); step: the checkpoint it resumes from.</summary>
    public const string Attempt = "attempt";
}
