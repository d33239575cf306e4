namespace ExperimentPlatform.Models;

/// <summary>Where an import stands: Importing (its run evaluates and converts the weights) → Registered or Failed.</summary>
public enum ModelImportStatus
{
    Importing = 0,
    Registered = 1,
    Failed = 2,
}
