namespace ExperimentPlatform.Grains.Hosting;

/// <summary>
/// What a silo offers the cluster (configuration section "Silo"), published as Orleans silo metadata so the
/// scheduler can place runs: <c>role</c>, <c>accelerator</c>, <c>slots</c>, <c>memory</c>.
/// </summary>
public sealed class SiloRoleOptions
{
    public const string Section = "Silo";

    /// <summary><c>worker</c> (executes runs) or <c>control</c> (hosts grains, runs nothing heavy).</summary>
    public string Role { get; set; } = "worker";

    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public string Accelerator { get; set; } = "cpu";

    /// <summary>How many runs this silo executes at once.</summary>
    public int Slots { get; set; } = 1;

    /// <summary>
    /// Memory a run may use, in GiB: the GPU's for cuda (unknown unless set), the machine's (or container's limit)
    /// for cpu when not set. Launches whose step cannot fit the largest worker's memory are refused.
    /// </summary>
    public double? MemoryGiB { get; set; }

    public static readonly string[] Roles = ["worker", "control"];
    public static readonly string[] Accelerators = ["cpu", "cuda"];

    public Dictionary<string, string> ToMetadata()
    {
        if (!Roles.Contains(Role))
            throw new InvalidOperationException($"Silo:Role must be one of {string.Join(", ", Roles)}, not '{Role}'");
        if (!Accelerators.Contains(Accelerator))
            throw new InvalidOperationException($"Silo:Accelerator must be one of {string.Join(", ", Accelerators)}, not '{Accelerator}'");
        if (Slots < 0)
            throw new InvalidOperationException($"Silo:Slots must be 0 or more, not {Slots}");
        if (MemoryGiB is { } gib && !(double.IsFinite(gib) && gib > 0))
            throw new InvalidOperationException($"Silo:MemoryGiB must be a positive number of GiB, not {gib}");
        var memory = MemoryGiB is { } set ? (long)(set * (1L << 30))
            : Accelerator == "cpu" ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes : 0;
        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Role] = Role,
            [MetadataKeys.Accelerator] = Accelerator,
            [MetadataKeys.Slots] = Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [MetadataKeys.Code] = CodeVersion.Current,
            [MetadataKeys.Started] = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (memory > 0)
            metadata[MetadataKeys.Memory] = memory.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return metadata;
    }
}
