using ExperimentPlatform.Training.Runtime;

namespace ExperimentPlatform.Web.Tests;

/// <summary>This project's build output carries a libtorch that loads on this OS (see build/WeakenGlibcxx.targets).</summary>
public sealed class TorchLoadsTests
{
    [Fact]
    public void Libtorch_loads_and_a_model_trains_in_this_test_project()
    {
        var result = TorchSmokeTest.Run();
        Assert.True(result.LastLoss < result.FirstLoss * 0.8, $"loss {result.FirstLoss} → {result.LastLoss}");
    }
}
