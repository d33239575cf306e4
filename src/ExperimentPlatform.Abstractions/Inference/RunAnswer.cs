using ExperimentPlatform.Models;

namespace ExperimentPlatform.Inference;

/// <summary>
/// A run checkpoint's answer: which run and step answered (and how that checkpoint was chosen), the run's task, and
/// either its text (generate, instruct) or its prediction per text (classify).
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.RunAnswer")]
public sealed record RunAnswer
{
    [Id(0)] public required string Run { get; init; }
    [Id(1)] public required int Step { get; init; }

    /// <summary><c>latest</c>, <c>best by validation/accuracy</c>, <c>step 300</c>.</summary>
    [Id(2)] public required string ChosenBy { get; init; }
    [Id(3)] public required ModelTask Task { get; init; }
    [Id(4)] public string? Text { get; init; }
    [Id(5)] public IReadOnlyList<Prediction> Predictions { get; init; } = [];
}
