namespace ExperimentPlatform.Models;

/// <summary>One check of a promotion gate: what was compared, the figures, and whether it held.</summary>
[GenerateSerializer, Immutable, Alias("ep.GateCheck")]
public sealed record GateCheck(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Passed,
    [property: Id(2)] string Detail);
