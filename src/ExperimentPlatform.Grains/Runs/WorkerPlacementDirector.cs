using Orleans.Runtime.Placement;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>Activates the grain on the silo named in its key, or refuses when that silo is not in the cluster.</summary>
public sealed class WorkerPlacementDirector : IPlacementDirector
{
    /// <summary>What the refusal says when the named silo is gone.</summary>
    public const string NotAMember = "is not (or no longer) an active member of the cluster";

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var silo = SiloAddress.FromParsableString(WorkerPlacement.SiloOf(key));
        var compatible = context.GetCompatibleSilos(target);
        if (!compatible.Contains(silo))
            throw new OrleansException($"worker silo {silo} {NotAMember}; cannot place {target.GrainIdentity}");
        return Task.FromResult(silo);
    }
}
