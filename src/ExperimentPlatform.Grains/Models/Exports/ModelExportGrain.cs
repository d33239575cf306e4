using ExperimentPlatform.Access;
using ExperimentPlatform.Grains.Access;
using ExperimentPlatform.Grains.Inference;
using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Models;
using Orleans.Concurrency;

namespace ExperimentPlatform.Grains.Models.Exports;

/// <summary>
/// The local router of exports: checks the caller's role, resolves the reference, has the version's worker begin the
/// export (<see cref="HuggingFaceExports"/>, which audits it on the model when made), answers its status, and reads
/// the stored zip back in chunks. No call here waits for an export to be made.
/// </summary>
[StatelessWorker]
public sealed class ModelExportGrain(WorkerDirectory workers, RunBlobStore blobs, RoleDirectory access) : Grain, IModelExportGrain
{
    public async Task<ModelExportStatus> StartExportAsync(string model, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        var reference = ModelReference.Parse(model);
        await access.RequireAsync(actor, PlatformRole.Researcher, "export models");
        var version = await GrainFactory.GetGrain<IModelGrain>(reference.Model).ResolveAsync(reference.Selector);
        return await VersionWorkers.CallAsync(GrainFactory, workers, version, server => server.BeginExportAsync(version, actor));
    }

    public async Task<ModelExportStatus> GetExportAsync(ModelVersionRef version, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        ArgumentNullException.ThrowIfNull(version);
        await access.RequireAsync(actor, PlatformRole.Researcher, "export models");
        var stored = await GrainFactory.GetGrain<IModelGrain>(version.Model).GetVersionAsync(version.Version);
        return await VersionWorkers.CallAsync(GrainFactory, workers, stored, server => server.GetExportStatusAsync(stored));
    }

    public async Task<byte[]> ReadAsync(ModelVersionRef version, long offset, int count, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        ArgumentNullException.ThrowIfNull(version);
        if (offset < 0)
            throw new ModelInputException("offset", $"must be 0 or more, got {offset}");
        if (count is < 1 or > IModelExportGrain.MaxReadBytes)
            throw new ModelInputException("count", $"must lie in 1..{IModelExportGrain.MaxReadBytes}, got {count}");
        await access.RequireAsync(actor, PlatformRole.Researcher, "export models");
        var stored = await GrainFactory.GetGrain<IModelGrain>(version.Model).GetVersionAsync(version.Version);
        var name = HuggingFaceExports.BlobName(stored.Checkpoint);
        var found = await blobs.PropertiesAsync(name) ?? throw new ModelNotFoundException($"{version} has not been exported yet; export it first");
        return await blobs.ReadAsync(name, offset, count, found.Bytes);
    }

}
