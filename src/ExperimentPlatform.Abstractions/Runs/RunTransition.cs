namespace ExperimentPlatform.Runs;

/// <summary>One status change: when, to what, by whom and why.</summary>
[GenerateSerializer, Immutable, Alias("ep.RunTransition")]
public sealed record RunTransition(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] RunStatus From,
    [property: Id(2)] RunStatus To,
    [property: Id(3)] string Actor,
    [property: Id(4)] string Reason);
