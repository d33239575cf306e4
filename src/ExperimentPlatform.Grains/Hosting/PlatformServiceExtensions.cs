using ExperimentPlatform.Grains.Datasets;
using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Grains.Runs.Journal;
using ExperimentPlatform.Grains.Workers;
using ExperimentPlatform.Datasets.Catalog;
using ExperimentPlatform.Datasets.Ingestion;
using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

namespace ExperimentPlatform.Grains.Hosting;

/// <summary>What a silo hosting the platform's grains registers: storage providers and the services grains use.</summary>
public static class PlatformServiceExtensions
{
    /// <summary>
    /// Storage providers and services the grains need, without clustering or endpoints; the TestCluster uses
    /// this with its own clustering.
    /// </summary>
    public static ISiloBuilder AddPlatformGrainServices(this ISiloBuilder silo, IConfiguration configuration, PlatformStorage storage)
    {
        // Orleans' own serializer (version-tolerant by [Id]) instead of the default Newtonsoft JSON, which
        // cannot read back the interface-typed collections of the contract records.
        silo.AddAzureTableGrainStorage(StorageNames.GrainState, options => options.Configure<IServiceProvider>((o, services) =>
        {
            o.TableServiceClient = storage.Tables;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>());
        }));
        silo.UseAzureTableReminderService(o => o.TableServiceClient = storage.Tables);
        silo.Services.AddPlatformDatasetServices(configuration, storage);
        silo.Services.AddPlatformRunServices(configuration);
        return silo;
    }

    /// <summary>Runs: state and event storage, launch validation, the scheduler's view of workers, and the worker side (executor, drain).</summary>
    public static IServiceCollection AddPlatformRunServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<RunStore>();
        services.TryAddSingleton<SchedulerStore>();
        services.TryAddSingleton<RunBlobStore>();
        services.TryAddSingleton<ImportBlobStore>();
        services.AddMetrics();
        services.TryAddSingleton<Telemetry.PlatformMetrics>();
        services.TryAddSingleton<EventJournalStore>();
        services.TryAddSingleton<SiloLiveness>();
        services.TryAddSingleton<EventJournal>();
        services.TryAddSingleton<JournalCatchUp>();
        services.TryAddSingleton<LegacyRunLogs>();
        services.TryAddSingleton<LaunchValidator>();
        services.TryAddSingleton<WorkerDirectory>();
        services.TryAddSingleton<WorkerDatasetCache>();
        services.TryAddSingleton<SharedTokenCache>();
        services.TryAddSingleton<ExecutorRegistry>();
        services.TryAddSingleton<ModelStore>();
        services.TryAddSingleton<Access.AccessStore>();
        services.TryAddSingleton<Access.RoleDirectory>();
        services.Configure<Access.RoleOptions>(configuration.GetSection(Access.RoleOptions.Section));
        services.Configure<WorkerOptions>(configuration.GetSection(WorkerOptions.Section));
        services.Configure<Inference.InferenceOptions>(configuration.GetSection(Inference.InferenceOptions.Section));
        services.TryAddSingleton<Inference.CheckpointFolders>();
        services.TryAddSingleton<Inference.ServingProcess>();
        services.TryAddSingleton<Models.Exports.HuggingFaceExports>();
        services.AddPlacementDirector<WorkerPlacement, WorkerPlacementDirector>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WorkerDrain>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchedulerHeartbeat>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<EventJournal>());
        return services;
    }

    /// <summary>Dataset services (content store, ingestion, catalog); API hosts that import uploads use them too.</summary>
    public static IServiceCollection AddPlatformDatasetServices(this IServiceCollection services, IConfiguration configuration, PlatformStorage storage)
    {
        services.TryAddSingleton(storage);
        services.TryAddSingleton<DatasetContentStore>();
        services.TryAddSingleton<DatasetStore>();
        services.TryAddSingleton<DatasetIngestor>();
        services.TryAddSingleton<TokenCounter>();
        services.TryAddSingleton<BuiltInCatalog>();
        services.TryAddSingleton<CatalogImportState>();
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<IngestionLimits>(configuration.GetSection(IngestionLimits.Section));
        services.Configure<CatalogOptions>(configuration.GetSection(CatalogOptions.Section));
        return services;
    }
}
