namespace ExperimentPlatform.Grains.Runs;

/// <summary>A series to be cut after <paramref name="Step"/> through a summarised block, whose points must be read back from storage first.</summary>
public sealed record MetricCut(string Metric, int Step, MetricBlock Block);
