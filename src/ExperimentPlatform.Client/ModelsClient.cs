using ExperimentPlatform.Models;

namespace ExperimentPlatform.Client;

/// <summary>The model registry: models, immutable versions made from runs' checkpoints, and their lineage.</summary>
public sealed class ModelsClient(IClusterClient cluster, TimeSpan timeout)
{
    public Task<RegisteredModel> CreateAsync(string name, ModelDefinition definition, string actor, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).CreateAsync(definition, actor), timeout, cancellationToken);

    public Task<RegisteredModel> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).GetAsync(), timeout, cancellationToken);

    public Task<IReadOnlyList<ModelSummary>> ListAsync(ModelTask? task = null, CancellationToken cancellationToken = default) =>
        Calls.Send(() => cluster.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).ListAsync(task), timeout, cancellationToken);

    /// <summary>A new version of <paramref name="name"/> from a run's checkpoint; the model is created when it does not exist.</summary>
    public Task<ModelVersion> RegisterAsync(string name, RegisterVersionRequest request, string actor, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).RegisterVersionAsync(request, actor), timeout, cancellationToken);

    /// <summary>Versions, newest first.</summary>
    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Model(name).ListVersionsAsync(), timeout, cancellationToken);

    /// <summary><c>name</c> (latest), <c>name@vN</c> or <c>name@alias</c> to the version it names now.</summary>
    public Task<ModelVersion> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var parsed = ModelReference.Parse(reference);
        return Calls.Send(() => Model(parsed.Model).ResolveAsync(Selector(parsed)), timeout, cancellationToken);
    }

    public async Task<ModelLineage> GetLineageAsync(string reference, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(reference, cancellationToken);
        return await Calls.Send(() => Model(version.Model).GetLineageAsync(version.Version), timeout, cancellationToken);
    }

    private static string Selector(ModelReference reference) => reference.Version is { } v ? $"v{v}" : reference.Alias ?? "";

    private IModelGrain Model(string name) => cluster.GetGrain<IModelGrain>(name);
}
