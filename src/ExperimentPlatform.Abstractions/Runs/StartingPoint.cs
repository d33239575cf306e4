namespace ExperimentPlatform.Runs;

/// <summary>
/// Where a run's weights start: a registered model version (<see cref="Model"/>: <c>name@vN</c>, <c>name@alias</c>,
/// resolved at launch), a finished run's final checkpoint, a run's checkpoint at <see cref="Step"/>, or an uploaded
/// Hugging Face GPT-2 model (<see cref="Import"/>). Exactly one of <see cref="Model"/>, <see cref="Run"/> and
/// <see cref="Import"/>. No starting point (null on the spec) means from scratch.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.StartingPoint")]
public sealed record StartingPoint
{
    [Id(0)] public string? Run { get; init; }

    /// <summary>A checkpoint's step of <see cref="Run"/>; null: the run's latest checkpoint (the run must have finished).</summary>
    [Id(1)] public int? Step { get; init; }

    /// <summary>A model version in the registry; the version's lineage continues through this run.</summary>
    [Id(2)] public string? Model { get; init; }

    /// <summary>
    /// An uploaded Hugging Face GPT-2 model by its upload id (<c>IModelImportGrain</c>). An upload starts one run and is
    /// deleted when that run ends; with 0 steps the run evaluates the weights and writes them as its step-0 checkpoint.
    /// </summary>
    [Id(3)] public string? Import { get; init; }
}
