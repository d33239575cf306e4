using ExperimentPlatform.Client;
using ExperimentPlatform.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExperimentPlatform.Web.Apis;

/// <summary><c>/api/cluster</c>: the silos, what each offers (role, accelerator, slots, code version) and since when it runs.</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cluster/silos", SilosAsync).WithTags("Cluster").WithSummary("The cluster's silos, workers first; slots in use are in /api/scheduler.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<SiloView>>> SilosAsync(ClusterClient cluster, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cluster.GetSilosAsync(cancellationToken));
}
