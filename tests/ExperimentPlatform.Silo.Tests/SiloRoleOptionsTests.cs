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
