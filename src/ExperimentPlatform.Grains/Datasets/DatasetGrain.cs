using Azure;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;
using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>
/// One dataset: its kind, immutable versions, who references them, and its history. Imports are jobs that run off
/// the grain's turn (<see cref="DatasetIngestor"/>, DatasetGrain.Imports); the grain only validates, records and persists. Every change is
/// written first and published second: readers (whose calls interleave with a long import) only ever see stored
/// state. Versions live in the dataset's table row; history and references in rows of their own, so none grows it.
/// </summary>
public sealed partial class DatasetGrain(
    [PersistentState("dataset", StorageNames.GrainState)] IPersistentState<DatasetState> legacy,
    DatasetStore rows,
    DatasetIngestor ingestor,
    DatasetContentStore store,
    TokenCounter tokenCounter,
    TimeProvider clock,
    Access.RoleDirectory access,
    Microsoft.Extensions.Options.IOptions<ExperimentPlatform.Datasets.Ingestion.IngestionLimits> limits,
    ILogger<DatasetGrain> logger) : Grain, IDatasetGrain
{
    /// <summary>History events <see cref="GetAsync"/> returns (the newest).</summary>
    public const int HistoryShown = 100;

    private readonly HashSet<string> _counting = new(StringComparer.Ordinal);
    private DatasetRow _row = new();
    private ETag _etag;
    private Dictionary<string, List<string>> _references = new(StringComparer.Ordinal);
    private List<DatasetEvent> _history = [];

    private string Name => this.GetPrimaryKeyString();

    private IReadOnlyList<DatasetVersion> Versions => _row.Versions;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (var row, _etag) = await rows.ReadAsync(Name, cancellationToken);
        if (row is null && legacy.State.Versions.Count > 0)
            row = await MigrateAsync(cancellationToken);
        _row = row ?? new DatasetRow();
        _references = await rows.ReadReferencesAsync(Name, cancellationToken);
        var (history, newest) = await rows.ReadHistoryAsync(Name, HistoryShown, cancellationToken);
        // The state's write is the commit point; an event lost before the history's write is restored from the row.
        if (_row.LastEvent is { } last && newest < _row.HistorySeq)
        {
            await rows.AppendHistoryAsync(Name, _row.HistorySeq, last, cancellationToken);
            history.Add(last);
        }
        _history = history;
        await ReportInterruptedImportsAsync();
        // Counts interrupted by a crash or deactivation start again.
        foreach (var version in Versions.Where(v => v.Statistics.Gpt2Tokens is null))
            StartTokenCount(version);
    }

    public Task<DatasetDetails> GetAsync()
    {
        if (Versions.Count == 0)
            throw NotFound();
        return Task.FromResult(new DatasetDetails
        {
            Name = Name,
            Kind = _row.Kind,
            Versions = Versions,
            References = _references.Where(r => r.Value.Count > 0).ToDictionary(r => r.Key, r => (IReadOnlyList<string>)r.Value.ToList()),
            History = _history.ToList(),
        });
    }

    public Task<DatasetVersion> GetVersionAsync(string versionOrSha) => Task.FromResult(Find(versionOrSha));

    /// <summary>The dataset version a derived version reads: <c>NAME@VERSION</c>, or <c>NAME</c> for its latest.</summary>
    private async Task<DatasetVersion> ResolveSourceAsync(ImportRequest request)
    {
        var (name, version) = RunSpecRules.ParseDataset(request.Location);
        ResourceName.Check(name, "source dataset name");
        if (name == Name && version is null)
            throw new DatasetInputException($"source '{request.Location}': name the version of '{Name}' to derive from (NAME@VERSION)");
        var source = GrainFactory.GetGrain<IDatasetGrain>(name);
        return version is not null ? await source.GetVersionAsync(version) : (await source.GetAsync()).Versions[^1];
    }

    public async Task DeleteVersionAsync(string version, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        await access.RequireAsync(actor, ExperimentPlatform.Access.PlatformRole.Researcher, "delete dataset versions");
        var target = Find(version);
        if (_references.GetValueOrDefault(target.Name) is { Count: > 0 } referrers)
            throw new DatasetConflictException(
                $"version '{target.Name}' of dataset '{Name}' is in use by {string.Join(", ", referrers)}; delete or release those first");
        var remaining = Versions.Where(v => v != target).ToList();
        await CommitAsync(_row with { Versions = remaining },
            new DatasetEvent(clock.GetUtcNow(), actor, "version-deleted", target.Name, $"sha256 {target.Sha256}"));
        await DeleteUnsharedBlobsAsync(target);
    }

    public async Task DeleteAsync(string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        await access.RequireAsync(actor, ExperimentPlatform.Access.PlatformRole.Researcher, "delete datasets");
        if (Versions.Count == 0)
            throw NotFound();
        var inUse = _references.Where(r => r.Value.Count > 0).ToList();
        if (inUse.Count > 0)
            throw new DatasetConflictException(
                $"dataset '{Name}' is in use: " + string.Join("; ", inUse.Select(r => $"version '{r.Key}' by {string.Join(", ", r.Value)}")));
        var removed = Versions.ToList();
        await CommitAsync(_row with { Versions = [] }, new DatasetEvent(clock.GetUtcNow(), actor, "dataset-deleted", null, $"{removed.Count} versions"));
        foreach (var version in removed)
            await DeleteUnsharedBlobsAsync(version);
    }

    public async Task AddReferenceAsync(string version, string referrer)
    {
        var target = Find(version);
        if (string.IsNullOrWhiteSpace(referrer) || referrer.Length > 256 || referrer.Any(char.IsControl))
            throw new DatasetInputException("referrer must be a non-empty name of at most 256 printable characters");
        if (_references.GetValueOrDefault(target.Name)?.Contains(referrer) == true)
            return;
        await rows.AddReferenceAsync(Name, target.Name, referrer);
        if (!_references.TryGetValue(target.Name, out var referrers))
            _references[target.Name] = referrers = [];
        referrers.Add(referrer);
    }

    public async Task RemoveReferenceAsync(string version, string referrer)
    {
        var target = Find(version);
        if (_references.GetValueOrDefault(target.Name)?.Contains(referrer) != true)
            return;
        await rows.RemoveReferenceAsync(Name, target.Name, referrer);
        _references[target.Name].Remove(referrer);
    }

    public async Task SetTokenCountAsync(string sha256, long tokens)
    {
        _counting.Remove(sha256);
        if (!Versions.Any(v => v.Sha256 == sha256 && v.Statistics.Gpt2Tokens != tokens))
            return;
        var versions = Versions.Select(v => v.Sha256 == sha256 ? v with { Statistics = v.Statistics with { Gpt2Tokens = tokens } } : v).ToList();
        await CommitAsync(_row with { Versions = versions }, null);
    }

    /// <summary>
    /// Writes the new row, then publishes it: to this grain's readers, the history and the dataset list. A failed
    /// write changes nothing; a crash after it is repaired (history from the row, the list by its sync).
    /// </summary>
    private async Task CommitAsync(DatasetRow next, DatasetEvent? e)
    {
        if (e is not null)
            next = next with { HistorySeq = _row.HistorySeq + 1, LastEvent = e };
        _etag = await rows.WriteAsync(Name, next, _etag);
        _row = next;
        if (e is not null)
        {
            await rows.AppendHistoryAsync(Name, next.HistorySeq, e);
            _history.Add(e);
            if (_history.Count > HistoryShown)
                _history.RemoveAt(0);
        }
        await PublishSummaryAsync();
    }

    /// <summary>A dataset stored by an earlier build in Orleans grain state moves to its table row once.</summary>
    private async Task<DatasetRow> MigrateAsync(CancellationToken cancellationToken)
    {
        var old = legacy.State;
        var seq = 0L;
        foreach (var e in old.History)
            await rows.AppendHistoryAsync(Name, ++seq, e, cancellationToken);
        foreach (var (version, referrers) in old.References)
            foreach (var referrer in referrers)
                await rows.AddReferenceAsync(Name, version, referrer, cancellationToken);
        var row = new DatasetRow { Kind = old.Kind, Versions = old.Versions, HistorySeq = seq, LastEvent = old.History.LastOrDefault() };
        _etag = await rows.WriteAsync(Name, row, default, cancellationToken);
        logger.LogInformation("Dataset {Dataset}: moved {Versions} versions and {Events} history events from grain state to its table row",
            Name, old.Versions.Count, old.History.Count);
        return row;
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
        if (Versions.All(v => v.ContentBlob != removed.ContentBlob))
            await store.DeleteIfExistsAsync(removed.ContentBlob);
        if (Versions.All(v => v.SplitBlob != removed.SplitBlob))
            await store.DeleteIfExistsAsync(removed.SplitBlob);
    }

    private async Task PublishSummaryAsync()
    {
        var registry = GrainFactory.GetGrain<IDatasetRegistryGrain>(IDatasetRegistryGrain.Key);
        if (Versions.Count == 0)
        {
            await registry.RemoveAsync(Name);
            return;
        }
        await registry.UpsertAsync(new DatasetSummary { Name = Name, Kind = _row.Kind, VersionCount = Versions.Count, Latest = Versions[^1] });
    }

    private DatasetVersion Find(string versionOrSha)
    {
        if (Versions.Count == 0)
            throw NotFound();
        if (Versions.FirstOrDefault(v => v.Name == versionOrSha) is { } named)
            return named;
        if (versionOrSha.Length >= 8 && versionOrSha.All(Uri.IsHexDigit))
        {
            var matches = Versions.Where(v => v.Sha256.StartsWith(versionOrSha.ToLowerInvariant(), StringComparison.Ordinal))
                .DistinctBy(v => v.Name).ToList();
            if (matches.Count == 1)
                return matches[0];
            if (matches.Count > 1)
                throw new DatasetConflictException(
                    $"'{versionOrSha}' matches several versions of dataset '{Name}' ({string.Join(", ", matches.Select(m => m.Name))}); use a version name");
        }
        throw new DatasetNotFoundException(
            $"dataset '{Name}' has no version '{versionOrSha}' (versions: {string.Join(", ", Versions.Select(v => v.Name))})");
    }

    private DatasetNotFoundException NotFound() => new($"no dataset named '{Name}'");

    /// <summary>A server path must lie inside a configured import folder (<c>Datasets:ImportFolders</c>).</summary>
    private void CheckImportFolder(string location)
    {
        var folders = limits.Value.ImportFolders;
        if (folders.Count == 0)
            throw new ExperimentPlatform.Access.AccessDeniedException("importing from a path on the server is switched off: no Datasets:ImportFolders are configured");
        var full = Path.GetFullPath(location);
        bool Inside(string folder)
        {
            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
            return root == "/" || full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }
        if (!folders.Any(Inside))
            throw new ExperimentPlatform.Access.AccessDeniedException($"'{location}' is outside the folders this platform imports from ({string.Join(", ", folders)}; Datasets:ImportFolders)");
    }


    private static string Describe(DatasetKind kind) => kind.ToString().ToLowerInvariant();
}
