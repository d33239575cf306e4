using ExperimentPlatform.Grains.Storage;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>The Azurite that ./test.sh starts for the run (EP_TEST_STORAGE holds its connection string).</summary>
public static class TestStorage
{
    public const string Variable = "EP_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: integration tests need Azurite. Run ./test.sh, which starts one and sets it.");

    public static PlatformStorage Create(string container, string runContainer = "runs", string runTable = "runs", string datasetTable = "datasets", string modelTable = "models", string accessTable = "access") =>
        new(new StorageOptions
        {
            ConnectionString = ConnectionString, DatasetContainer = container, RunContainer = runContainer, RunTable = runTable, DatasetTable = datasetTable,
            ModelTable = modelTable, AccessTable = accessTable,
        });
}
