namespace ExperimentPlatform.Training.Optimization;

/// <summary>
/// Linear warmup to <see cref="Peak"/> over <see cref="WarmupSteps"/>, then cosine decay to <see cref="Minimum"/>
/// at <see cref="DecaySteps"/>, flat after that (nanoGPT's get_lr). Pure: the rate depends only on the step.
/// </summary>
public sealed record LearningRateSchedule(double Peak, double Minimum, int WarmupSteps, int DecaySteps)
{
    /// <summary>Rate for a 0-based optimizer step.</summary>
    public double At(int step)
    {
        if (step < WarmupSteps)
            return Peak * (step + 1) / WarmupSteps;
        if (step >= DecaySteps)
            return Minimum;
        var progress = (double)(step - WarmupSteps) / Math.Max(1, DecaySteps - WarmupSteps);
        var cosine = 0.5 * (1.0 + Math.Cos(Math.PI * progress)); // 1 → 0
        return Minimum + cosine * (Peak - Minimum);
    }
}
