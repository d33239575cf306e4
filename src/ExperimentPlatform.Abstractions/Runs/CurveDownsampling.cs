namespace ExperimentPlatform.Runs;

/// <summary>How a curve longer than the chart's width is thinned on the server.</summary>
public enum CurveDownsampling
{
    /// <summary>Per bucket of steps, its lowest and its highest point, in step order: every spike and dip stays visible.</summary>
    MinMax = 0,

    /// <summary>Largest-Triangle-Three-Buckets: one point per bucket, the one that keeps the curve's shape.</summary>
    Lttb = 1,
}
