namespace ExperimentPlatform.Web.Services;

/// <summary>How compare smooths a curve (the raw line stays, faint, behind).</summary>
public enum SmoothingKind
{
    None,

    /// <summary>Exponential moving average with bias correction (TensorBoard's): the early points are not pulled to zero.</summary>
    Ema,

    /// <summary>The mean of the trailing window of points.</summary>
    RunningMean,
}
