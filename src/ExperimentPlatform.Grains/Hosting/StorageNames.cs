namespace ExperimentPlatform.Grains.Hosting;

/// <summary>Names of the Orleans storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>Grain state in Azure Table storage.</summary>
    public const string GrainState = "store";
}
