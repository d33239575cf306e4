using ExperimentPlatform.Training.Optimization;

namespace ExperimentPlatform.Training.Tests.Optimization;

public sealed class LearningRateScheduleTests
{
    private static readonly LearningRateSchedule Schedule = new(Peak: 6e-4, Minimum: 6e-5, WarmupSteps: 10, DecaySteps: 110);

    [Fact]
    public void Warmup_rises_linearly_to_the_peak()
    {
        Assert.Equal(6e-5, Schedule.At(0), 12);
        Assert.Equal(3e-4, Schedule.At(4), 12);
        Assert.Equal(6e-4, Schedule.At(9), 12);
    }

    [Fact]
    public void Cosine_decay_passes_the_midpoint_halfway_and_ends_at_the_minimum()
    {
        Assert.Equal(6e-4, Schedule.At(10), 12);
        Assert.Equal((6e-4 + 6e-5) / 2, Schedule.At(60), 12);
        Assert.Equal(6e-5, Schedule.At(110), 12);
        Assert.Equal(6e-5, Schedule.At(10_000), 12);
    }

    [Fact]
    public void The_rate_never_rises_after_warmup()
    {
        for (var step = 10; step < 120; step++)
            Assert.True(Schedule.At(step + 1) <= Schedule.At(step));
    }
}
