using ExperimentPlatform.Inference;
using ExperimentPlatform.Models;

namespace ExperimentPlatform.Web.Services;

/// <summary>One call made in the playground: what was asked of which reference, which version answered, how fast, and the answer.</summary>
public sealed record PlaygroundCall
{
    public required DateTimeOffset At { get; init; }
    public required PlaygroundOperation Operation { get; init; }

    /// <summary>What the user typed: <c>spam-filter@production</c>.</summary>
    public required string Target { get; init; }

    /// <summary>The version the reference resolved to for this call.</summary>
    public required ModelVersionRef AnsweredBy { get; init; }
    public required TimeSpan Latency { get; init; }
    public required string Input { get; init; }
    public string? Text { get; init; }
    public Prediction? Prediction { get; init; }
    public SamplingOptions? Sampling { get; init; }
}
