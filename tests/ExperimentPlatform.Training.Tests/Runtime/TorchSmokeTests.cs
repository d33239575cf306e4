using ExperimentPlatform.Training.Runtime;

namespace ExperimentPlatform.Training.Tests.Runtime;

public sealed class TorchSmokeTests
{
    [Fact]
    public void Libtorch_loads_and_a_model_trains_in_this_process()
    {
        var result = TorchSmokeTest.Run();
        Assert.StartsWith("2.", result.LibTorchVersion);
        Assert.True(result.LastLoss < result.FirstLoss * 0.8, $"loss {result.FirstLoss} → {result.LastLoss}");
    }

    [Fact]
    public void Asking_for_cuda_without_a_gpu_says_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TorchRuntime.Resolve("cuda"));
        Assert.Contains("no CUDA device", error.Message);
        Assert.Throws<ArgumentException>(() => TorchRuntime.Resolve("tpu"));
    }
}
