namespace ExperimentPlatform.Runs;

[GenerateSerializer, Immutable, Alias("ep.MetricPoint")]
public readonly record struct MetricPoint([property: Id(0)] int Step, [property: Id(1)] double Value);
