using Orleans.Placement;

namespace ExperimentPlatform.Grains.Runs;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WorkerPlacementAttribute() : PlacementAttribute(WorkerPlacement.Instance);
