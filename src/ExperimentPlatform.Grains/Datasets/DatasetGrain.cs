using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;
using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>
/// One dataset: its kind, immutable versions, who references them, and its history. Imports run off the
/// scheduler (<see cref="DatasetIngestor"/>); the grain only validates, records and persists. Reads interleave,
/// so a long import does not block looking at the dataset.
/// </summary>
public sealed class DatasetGrain(
    [PersistentState("dataset", StorageNames.GrainState)] IPersistentState<DatasetState> state,
    DatasetIngestor ingestor,
    DatasetContentStore store,
    TokenCounter tokenCounter,
    TimeProvider clock,
    ILogger<DatasetGrain> logger) : Grain, IDatasetGrain
{
    private readonly HashSet<string> _counting = new(StringComparer.Ordinal);

    private string Name => this.GetPrimaryKeyString();

    private DatasetState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Counts interrupted by a crash or deactivation start again.
        foreach (var version in State.Versions.Where(v => v.Statistics.Gpt2Tokens is null))
            StartTokenCount(version);
        return Task.CompletedTask;
    }

    public Task<DatasetDetails> GetAsync()
    {
        if (State.Versions.Count == 0)
            throw NotFound();
        return Task.FromResult(new DatasetDetails
        {
            Name = Name,
            Kind = State.Kind,
            Versions = State.Versions.ToList(),
            References = State.References.Where(r => r.Value.Count > 0)
                .ToDictionary(r => r.Key, r => (IReadOnlyList<string>)r.Value.ToList()),
            History = State.History.ToList(),
        });
    }

    public Task<DatasetVersion> GetVersionAsync(string versionOrSha) => Task.FromResult(Find(versionOrSha));

    public async Task<DatasetVersion> ImportAsync(ImportRequest request)
    {
        ResourceName.Check(Name, "dataset name");
        ResourceName.Check(request.Version, "version name");
        CheckActor(request.Actor);
        try
        {
            if (State.Versions.Count > 0 && State.Kind != request.Kind)
                throw new DatasetInputException(
                    $"dataset '{Name}' holds {Describe(State.Kind)} data; a new version must be {Describe(State.Kind)} too, not {Describe(request.Kind)}");
            if (State.Versions.FirstOrDefault(v => v.Name == request.Version) is { } existing)
                throw new DatasetConflictException(
                    $"dataset '{Name}' already has a version '{request.Version}' (sha256 {existing.Sha256[..12]}…); versions are immutable, choose another name");

            var result = await Task.Run(() => ingestor.IngestAsync(Name, request, CancellationToken.None));
            return await RecordVersionAsync(request, result);
        }
        finally
        {
            if (request.SourceType == ImportSourceType.StagedUpload)
                await store.DeleteIfExistsAsync(request.Location);
        }
    }

    private async Task<DatasetVersion> RecordVersionAsync(ImportRequest request, IngestResult result)
    {
        var contentBlob = result.ContentBlob;
        var splitBlob = result.SplitBlob;
        // Same content as an existing version: share its blobs instead of storing the bytes twice.
        var twin = State.Versions.FirstOrDefault(v => v.Sha256 == result.Sha256);
        if (twin is not null)
        {
            await store.DeleteIfExistsAsync(contentBlob);
            contentBlob = twin.ContentBlob;
            if (twin.Split.Policy == result.Split.Policy)
            {
                await store.DeleteIfExistsAsync(splitBlob);
                splitBlob = twin.SplitBlob;
            }
        }
        var now = clock.GetUtcNow();
        var version = new DatasetVersion
        {
            Name = request.Version,
            Sha256 = result.Sha256,
            Kind = request.Kind,
            ContentBlob = contentBlob,
            SplitBlob = splitBlob,
            Statistics = twin?.Statistics ?? result.Statistics,
            Split = result.Split,
            CreatedBy = request.Actor,
            CreatedAt = now,
            Description = request.Description,
            Source = result.Source,
        };
        State.Kind = request.Kind;
        State.Versions.Add(version);
        State.History.Add(new DatasetEvent(now, request.Actor, "version-created", version.Name,
            $"{result.Source}: {result.Statistics.Documents:N0} records, sha256 {result.Sha256}"));
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            State.Versions.Remove(version);
            State.History.RemoveAt(State.History.Count - 1);
            if (twin is null)
            {
                await store.DeleteIfExistsAsync(contentBlob);
                await store.DeleteIfExistsAsync(splitBlob);
            }
            throw;
        }
        await PublishSummaryAsync();
        if (version.Statistics.Gpt2Tokens is null)
            StartTokenCount(version);
        logger.LogInformation("Dataset {Dataset} version {Version} created by {Actor}: {Documents} records, sha256 {Sha}",
            Name, version.Name, request.Actor, version.Statistics.Documents, version.Sha256);
        return version;
    }

    public async Task DeleteVersionAsync(string version, string actor)
    {
        CheckActor(actor);
        var target = Find(version);
        if (State.References.GetValueOrDefault(target.Name) is { Count: > 0 } referrers)
            throw new DatasetConflictException(
                $"version '{target.Name}' of dataset '{Name}' is in use by {string.Join(", ", referrers)}; delete or release those first");
        State.Versions.Remove(target);
        State.References.Remove(target.Name);
        State.History.Add(new DatasetEvent(clock.GetUtcNow(), actor, "version-deleted", target.Name, $"sha256 {target.Sha256}"));
        await state.WriteStateAsync();
        await DeleteUnsharedBlobsAsync(target);
        await PublishSummaryAsync();
    }

    public async Task DeleteAsync(string actor)
    {
        CheckActor(actor);
        if (State.Versions.Count == 0)
            throw NotFound();
        var inUse = State.References.Where(r => r.Value.Count > 0).ToList();
        if (inUse.Count > 0)
            throw new DatasetConflictException(
                $"dataset '{Name}' is in use: " + string.Join("; ", inUse.Select(r => $"version '{r.Key}' by {string.Join(", ", r.Value)}")));
        var removed = State.Versions.ToList();
        State.Versions.Clear();
        State.References.Clear();
        State.History.Add(new DatasetEvent(clock.GetUtcNow(), actor, "dataset-deleted", null, $"{removed.Count} versions"));
        await state.WriteStateAsync();
        foreach (var version in removed)
            await DeleteUnsharedBlobsAsync(version);
        await PublishSummaryAsync();
    }

    public async Task AddReferenceAsync(string version, string referrer)
    {
        var target = Find(version);
        if (string.IsNullOrWhiteSpace(referrer))
            throw new DatasetInputException("referrer is empty");
        if (!State.References.TryGetValue(target.Name, out var referrers))
            State.References[target.Name] = referrers = [];
        if (referrers.Contains(referrer))
            return;
        referrers.Add(referrer);
        await state.WriteStateAsync();
    }

    public async Task RemoveReferenceAsync(string version, string referrer)
    {
        var target = Find(version);
        if (State.References.GetValueOrDefault(target.Name)?.Remove(referrer) == true)
            await state.WriteStateAsync();
    }

    public async Task SetTokenCountAsync(string sha256, long tokens)
    {
        _counting.Remove(sha256);
        var changed = false;
        for (var i = 0; i < State.Versions.Count; i++)
        {
            var version = State.Versions[i];
            if (version.Sha256 != sha256 || version.Statistics.Gpt2Tokens == tokens)
                continue;
            State.Versions[i] = version with { Statistics = version.Statistics with { Gpt2Tokens = tokens } };
            changed = true;
        }
        if (!changed)
            return;
        await state.WriteStateAsync();
        await PublishSummaryAsync();
    }

    private void StartTokenCount(DatasetVersion version)
    {
        if (!_counting.Add(version.Sha256))
            return;
        var self = this.AsReference<IDatasetGrain>();
        var dataset = Name;
        _ = Task.Run(async () =>
        {
            try
            {
                var tokens = await tokenCounter.CountAsync(version, CancellationToken.None);
                await self.SetTokenCountAsync(version.Sha256, tokens);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Counting the tokens of {Dataset}@{Version} failed", dataset, version.Name);
            }
        });
    }

    private async Task DeleteUnsharedBlobsAsync(DatasetVersion removed)
    {
        if (State.Versions.All(v => v.ContentBlob != removed.ContentBlob))
            await store.DeleteIfExistsAsync(removed.ContentBlob);
        if (State.Versions.All(v => v.SplitBlob != removed.SplitBlob))
            await store.DeleteIfExistsAsync(removed.SplitBlob);
    }

    private async Task PublishSummaryAsync()
    {
        var registry = GrainFactory.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key);
        if (State.Versions.Count == 0)
        {
            await registry.RemoveAsync(Name);
            return;
        }
        await registry.UpsertAsync(new DatasetSummary
        {
            Name = Name,
            Kind = State.Kind,
            VersionCount = State.Versions.Count,
            Latest = State.Versions[^1],
        });
    }

    private DatasetVersion Find(string versionOrSha)
    {
        if (State.Versions.Count == 0)
            throw NotFound();
        if (State.Versions.FirstOrDefault(v => v.Name == versionOrSha) is { } named)
            return named;
        if (versionOrSha.Length >= 8 && versionOrSha.All(Uri.IsHexDigit))
        {
            var matches = State.Versions.Where(v => v.Sha256.StartsWith(versionOrSha.ToLowerInvariant(), StringComparison.Ordinal))
                .DistinctBy(v => v.Name).ToList();
            if (matches.Count == 1)
                return matches[0];
            if (matches.Count > 1)
                throw new DatasetConflictException(
                    $"'{versionOrSha}' matches several versions of dataset '{Name}' ({string.Join(", ", matches.Select(m => m.Name))}); use a version name");
        }
        throw new DatasetNotFoundException(
            $"dataset '{Name}' has no version '{versionOrSha}' (versions: {string.Join(", ", State.Versions.Select(v => v.Name))})");
    }

    private DatasetNotFoundException NotFound() => new($"no dataset named '{Name}'");

    private static void CheckActor(string actor)
    {
        if (string.IsNullOrWhiteSpace(actor) || actor.Length > 256 || actor.Any(char.IsControl))
            throw new DatasetInputException("actor must be a non-empty name of at most 256 printable characters");
    }

    private static string Describe(DatasetKind kind) => kind.ToString().ToLowerInvariant();
}
