namespace ExperimentPlatform.Grains.Runs;

/// <summary>A metric's points at <paramref name="FromStep"/>..<paramref name="ToStep"/> to read from the run's stored events <paramref name="FirstSeq"/>..<paramref name="LastSeq"/>.</summary>
public sealed record MetricReadBack(string Metric, long FirstSeq, long LastSeq, int FromStep, int ToStep);
