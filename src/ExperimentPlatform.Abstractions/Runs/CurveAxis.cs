namespace ExperimentPlatform.Runs;

/// <summary>What a curve's x axis counts.</summary>
public enum CurveAxis
{
    Step = 0,

    /// <summary>Training tokens seen by the step (<see cref="MetricNames.Tokens"/>): runs with different batch shapes line up by data.</summary>
    Tokens = 1,
}
