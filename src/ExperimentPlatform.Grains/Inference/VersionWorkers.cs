using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Models;

namespace ExperimentPlatform.Grains.Inference;

/// <summary>
/// Sends a call about a model version to the worker that owns the version (<see cref="WorkerChoice"/>: every silo picks
/// the same one), where its checkpoint is most likely on disk already; when that worker just left, to the next.
/// </summary>
public static class VersionWorkers
{
    public static async Task<T> CallAsync<T>(IGrainFactory grains, WorkerDirectory workers, ModelVersion version, Func<IModelServerGrain, Task<T>> call)
    {
        var order = WorkerChoice.Order(version.Ref.ToString(), workers.Active().Select(w => w.Address));
        if (order.Count == 0)
            throw new InferenceException("no worker silo is in the cluster to serve the request; start one (scripts/worker.sh) or wait for it to join");
        for (var i = 0; ; i++)
        {
            try
            {
                return await call(Server(grains, order[i]));
            }
            catch (Exception e) when (i + 1 < order.Count && WorkerLeft(e))
            {
                // That worker is leaving; the next in the version's order serves it.
            }
        }
    }

    public static IModelServerGrain Server(IGrainFactory grains, string silo) => grains.GetGrain<IModelServerGrain>(IModelServerGrain.KeyFor(silo));

    private static bool WorkerLeft(Exception e) =>
        e is SiloUnavailableException or OrleansMessageRejectionException
        || (e is OrleansException && e.Message.Contains(WorkerPlacementDirector.NotAMember, StringComparison.Ordinal));
}
