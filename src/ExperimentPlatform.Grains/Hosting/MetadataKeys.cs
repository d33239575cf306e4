namespace ExperimentPlatform.Grains.Hosting;

/// <summary>Keys of the silo metadata the platform publishes.</summary>
public static class MetadataKeys
{
    public const string Role = "role";
    public const string Accelerator = "accelerator";
    public const string Slots = "slots";
}
