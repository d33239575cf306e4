using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Client;

/// <summary>
/// The typed entry point other services, the web host and <c>ep</c> use: <see cref="Runs"/>, <see cref="Datasets"/>,
/// <see cref="Models"/>, <see cref="Access"/>, <see cref="Inference"/> and <see cref="Cluster"/>.
/// Every call takes a cancellation token and fails after <see cref="PlatformClientOptions.Timeout"/> with
/// <see cref="TimeoutException"/>. Domain errors arrive as their own types: <c>RunSpecException</c> (a refused spec,
/// naming the field), <c>RunNotFoundException</c>, <c>RunStateException</c> (e.g. resuming a finished run),
/// <c>DatasetNotFoundException</c>, <c>DatasetInputException</c>, <c>DatasetConflictException</c>, <c>ModelInputException</c>
/// (naming the field), <c>ModelNotFoundException</c>, <c>ModelConflictException</c>, <c>AccessDeniedException</c> (the actor lacks
/// the role), <c>InferenceException</c> (a worker could not serve the request).
/// </summary>
public sealed class PlatformClient(IClusterClient cluster, IOptions<PlatformClientOptions> options)
{
    public RunsClient Runs { get; } = new(cluster, options.Value.Timeout);

    public DatasetsClient Datasets { get; } = new(cluster, options.Value.Timeout);

    public ModelsClient Models { get; } = new(cluster, options.Value.Timeout);

    public AccessClient Access { get; } = new(cluster, options.Value.Timeout);

    public InferenceClient Inference { get; } = new(cluster, options.Value.Timeout);

    public ClusterClient Cluster { get; } = new(cluster, options.Value.Timeout);
}
