using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>A metric's point as a run log holds it: with the sequence number of the event it came from, so it can be read back.</summary>
public readonly record struct TrackPoint(int Step, double Value, long Seq)
{
    public MetricPoint Point => new(Step, Value);
}
