namespace ExperimentPlatform.Runs;

/// <summary>Which value of a metric's whole series a list shows or sorts by.</summary>
public enum MetricAggregate
{
    /// <summary>The value at the latest step.</summary>
    Last = 0,
    Min = 1,
    Max = 2,

    /// <summary>The minimum of a metric where lower is better (<see cref="ExperimentPlatform.Models.ModelTasks.LowerIsBetter"/>), else the maximum.</summary>
    Best = 3,
}
