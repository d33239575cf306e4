namespace ExperimentPlatform.Grains.Hosting;

/// <summary>Keys of the silo metadata the platform publishes.</summary>
public static class MetadataKeys
{
    public const string Role = "role";
    public const string Accelerator = "accelerator";
    public const string Slots = "slots";

    /// <summary>Bytes of memory one run may use on the silo (its accelerator's, or the machine's for cpu); absent when unknown.</summary>
    public const string Memory = "memory";

    /// <summary>The platform's code version (git commit) the silo runs.</summary>
    public const string Code = "code";

    /// <summary>When the silo's process started (ISO 8601, UTC).</summary>
    public const string Started = "started";
}
