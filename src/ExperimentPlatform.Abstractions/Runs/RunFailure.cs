namespace ExperimentPlatform.Runs;

/// <summary>Why a run failed, the step it reached, and the last lines its process wrote.</summary>
[GenerateSerializer, Immutable, Alias("ep.RunFailure")]
public sealed record RunFailure(
    [property: Id(0)] string Error,
    [property: Id(1)] int Step,
    [property: Id(2)] IReadOnlyList<string> LastLogLines);
