using ExperimentPlatform.Datasets.Catalog;
using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>
/// Two silos with the platform's grains and storage providers, against the test run's Azurite. Each fixture
/// gets its own service id and blob container, so runs and test projects never see each other's data.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Limits small enough to test without big files.</summary>
    public const long MaxSourceBytes = 8 * 1024 * 1024;
    public const int MaxRecordBytes = 512 * 1024;

    /// <summary>CPU slots per silo (two silos).</summary>
    public const int Slots = 1;

    private static readonly string RunId = Guid.NewGuid().ToString("N")[..12];

    public TestCluster Cluster { get; private set; } = null!;

    public PlatformStorage Storage { get; } = TestStorage.Create($"datasets-{RunId}", $"runs-{RunId}", $"runs{RunId}", $"datasets{RunId}", $"models{RunId}", $"access{RunId}");

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The workers' folders (dataset copies, run folders, token caches), one per silo under this one.</summary>
    public static string WorkerRoot { get; } = Path.Combine(Path.GetTempPath(), $"ep-test-workers-{RunId}");

    public DatasetContentStore Store => new(Storage);

    public BuiltInCatalog Catalog => new(Options.Create(new CatalogOptions()));

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = $"tests-{RunId}";
        builder.Options.ClusterId = $"tests-{RunId}";
        builder.Properties["container"] = Storage.Options.DatasetContainer;
        builder.Properties["runContainer"] = Storage.Options.RunContainer;
        builder.Properties["runTable"] = Storage.Options.RunTable;
        builder.Properties["datasetTable"] = Storage.Options.DatasetTable;
        builder.Properties["modelTable"] = Storage.Options.ModelTable;
        builder.Properties["accessTable"] = Storage.Options.AccessTable;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Storage.DatasetContainer.DeleteIfExistsAsync();
        await Storage.RunContainer.DeleteIfExistsAsync();
        await Storage.RunTable.DeleteAsync();
        await Storage.DatasetTable.DeleteAsync();
        await Storage.ModelTable.DeleteAsync();
        await Storage.AccessTable.DeleteAsync();
        try
        {
            Directory.Delete(WorkerRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing left, or a stopping worker removed its last run folder at the same moment.
        }
    }

    /// <summary>Restarts every silo: activations and in-memory state are gone, only storage remains.</summary>
    public async Task RestartAllSilosAsync()
    {
        foreach (var silo in Cluster.Silos.ToList())
            await Cluster.RestartSiloAsync(silo);
        await Cluster.WaitForLivenessToStabilizeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var container = silo.Configuration["container"]!;
            var storage = TestStorage.Create(container, silo.Configuration["runContainer"]!, silo.Configuration["runTable"]!, silo.Configuration["datasetTable"]!,
                silo.Configuration["modelTable"]!, silo.Configuration["accessTable"]!);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Datasets:MaxSourceBytes"] = MaxSourceBytes.ToString(),
                ["Datasets:MaxRecordBytes"] = MaxRecordBytes.ToString(),
                ["Datasets:TextDocumentChars"] = "4096",
                ["Worker:Directory"] = Path.Combine(WorkerRoot, Guid.NewGuid().ToString("N")[..8]),
                ["Datasets:ImportFolders:0"] = Path.GetTempPath(),
                // Anyone is a Researcher; alice imports from paths (Admin); bob and carol approve; the viewer only reads.
                ["Roles:Default:0"] = "Researcher",
                ["Roles:Grants:0:Actor"] = "test:alice", ["Roles:Grants:0:Roles:0"] = "Admin",
                ["Roles:Grants:1:Actor"] = "test:bob", ["Roles:Grants:1:Roles:0"] = "Researcher", ["Roles:Grants:1:Roles:1"] = "Approver",
                ["Roles:Grants:2:Actor"] = "test:carol", ["Roles:Grants:2:Roles:0"] = "Researcher", ["Roles:Grants:2:Roles:1"] = "Approver",
                ["Roles:Grants:3:Actor"] = "test:viewer", ["Roles:Grants:3:Roles:0"] = "Viewer",
                ["Roles:Grants:4:Actor"] = "test:viewer2", ["Roles:Grants:4:Roles:0"] = "Viewer",
                ["Roles:Grants:5:Actor"] = "test:erin", ["Roles:Grants:5:Roles:0"] = "Approver",
            }).Build();
            silo.AddPlatformGrainServices(configuration, storage);
            silo.AddIncomingGrainCallFilter<CallFaults>();
            // Two workers with one CPU slot each: two runs train at once, a third waits.
            silo.UseSiloMetadata(new SiloRoleOptions { Role = "worker", Accelerator = "cpu", Slots = Slots }.ToMetadata());
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
