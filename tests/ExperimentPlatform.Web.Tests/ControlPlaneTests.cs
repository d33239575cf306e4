namespace ExperimentPlatform.Web.Tests;

/// <summary>The control plane (web host, silo host, grains) runs no torch: only the training processes that workers start do.</summary>
public sealed class ControlPlaneTests
{
    [Fact]
    public void The_web_host_carries_and_loads_no_libtorch()
    {
        var output = AppContext.BaseDirectory;
        Assert.Empty(Directory.GetFiles(output, "libtorch*"));
        Assert.Empty(Directory.GetFiles(output, "TorchSharp*"));
        Assert.DoesNotContain(typeof(Program).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("TorchSharp", StringComparison.Ordinal));
        Assert.DoesNotContain(typeof(Grains.Hosting.PlatformServiceExtensions).Assembly.GetReferencedAssemblies(),
            a => a.Name!.StartsWith("TorchSharp", StringComparison.Ordinal) || a.Name == "ExperimentPlatform.Training");
    }
}
