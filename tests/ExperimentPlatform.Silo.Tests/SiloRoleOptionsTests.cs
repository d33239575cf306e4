using ExperimentPlatform.Grains.Hosting;

namespace ExperimentPlatform.Silo.Tests;

public sealed class SiloRoleOptionsTests
{
    [Fact]
    public void Role_accelerator_slots_code_version_and_start_become_silo_metadata()
    {
        var metadata = new SiloRoleOptions { Role = "worker", Accelerator = "cuda", Slots = 4 }.ToMetadata();
        var started = DateTimeOffset.Parse(metadata[MetadataKeys.Started], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime(), started.UtcDateTime);
        metadata.Remove(MetadataKeys.Started);
        Assert.Equal(new Dictionary<string, string> { ["role"] = "worker", ["accelerator"] = "cuda", ["slots"] = "4", ["code"] = CodeVersion.Current }, metadata);
        // Built from a git checkout (as here and in CI): the commit, 40 hex digits.
        Assert.Matches("^[0-9a-f]{40}$", CodeVersion.Current);
    }

    [Fact]
    public void Memory_is_the_machines_for_cpu_and_the_configured_for_cuda()
    {
        var cpu = new SiloRoleOptions { Accelerator = "cpu" }.ToMetadata();
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, long.Parse(cpu[MetadataKeys.Memory], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("85899345920", new SiloRoleOptions { Accelerator = "cuda", MemoryGiB = 80 }.ToMetadata()[MetadataKeys.Memory]);
        var error = Assert.Throws<InvalidOperationException>(() => new SiloRoleOptions { MemoryGiB = -1 }.ToMetadata());
        Assert.StartsWith("Silo:MemoryGiB must be a positive number", error.Message);
    }

    [Theory]
    [InlineData("gpu-node", "cpu", 1, "Silo:Role")]
    [InlineData("worker", "tpu", 1, "Silo:Accelerator")]
    [InlineData("worker", "cpu", -1, "Silo:Slots")]
    public void Misconfiguration_names_the_setting(string role, string accelerator, int slots, string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SiloRoleOptions { Role = role, Accelerator = accelerator, Slots = slots }.ToMetadata());
        Assert.StartsWith(setting, error.Message);
    }
}
