namespace ExperimentPlatform.Models;

/// <summary>Where a version's Hugging Face export stands.</summary>
public enum ModelExportState
{
    /// <summary>A worker is making it.</summary>
    Exporting,

    /// <summary>Made and stored beside the checkpoint: read it.</summary>
    Exported,

    /// <summary>Making it failed, or the worker making it left: export it again.</summary>
    Failed,
}
