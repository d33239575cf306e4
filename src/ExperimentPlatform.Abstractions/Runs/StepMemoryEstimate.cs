using System.Globalization;

namespace ExperimentPlatform.Runs;

/// <summary>The parts of <see cref="StepMemory.LowerBound"/>, in bytes.</summary>
public sealed record StepMemoryEstimate(double Weights, double Activations, double Logits)
{
    public double Total => Weights + Activations + Logits;

    /// <summary>"2,573.4 GiB (weights and optimizer 0.1, activations 12.0, logits 2,561.3)".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Gib(Total)} GiB (weights and optimizer {Gib(Weights)}, activations {Gib(Activations)}, logits {Gib(Logits)})");

    public static string Gib(double bytes) => (bytes / (1L << 30)).ToString("N1", CultureInfo.InvariantCulture);
}
