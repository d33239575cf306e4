namespace ExperimentPlatform.Models;

/// <summary>Which of a run's checkpoints a new model version is made from.</summary>
public enum CheckpointChoice
{
    /// <summary>The best kept checkpoint by the run's primary metric (<see cref="ModelTasks.PrimaryMetric"/>).</summary>
    Best = 0,

    /// <summary>The run's latest checkpoint (its final weights, for a completed run).</summary>
    Latest = 1,

    /// <summary>The checkpoint at <see cref="RegisterVersionRequest.Step"/>.</summary>
    Step = 2,
}
