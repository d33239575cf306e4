using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>When a running run should finish, from the pace of its current attempt (steps since it started training).</summary>
public static class RunEta
{
    public static TimeSpan? Remaining(RunSummary run, DateTimeOffset now)
    {
        if (run.Status != RunStatus.Running || run.RunningSince is not { } since || run.Step <= run.RunningFromStep || run.Steps <= run.Step)
            return null;
        var perStep = (now - since) / (run.Step - run.RunningFromStep);
        return perStep * (run.Steps - run.Step);
    }
}
