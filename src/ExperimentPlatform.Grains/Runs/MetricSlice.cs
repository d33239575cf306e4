using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// A metric's points within a step range as a run log's memory gives them: <see cref="Exact"/> (every point), or a
/// sketch (summarised blocks' kept points and the held ones; <see cref="Total"/> is about how many there are), or the
/// held part with a <see cref="ReadBack"/> of the stored events that hold the rest.
/// </summary>
public sealed record MetricSlice(List<MetricPoint> Points, int Total, bool Exact, MetricReadBack? ReadBack);
