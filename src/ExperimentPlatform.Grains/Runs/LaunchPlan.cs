using ExperimentPlatform.Datasets;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>What a validated launch resolved: the dataset version, the starting checkpoint (and model version) or uploaded weights, classes, context.</summary>
public sealed record LaunchPlan(
    DatasetVersion Version,
    DatasetVersionRef Dataset,
    CheckpointRef? Start,
    IReadOnlyList<string> Classes,
    int ContextLength,
    ExperimentPlatform.Models.ModelVersionRef? StartModel = null,
    ImportedWeights? Import = null);
