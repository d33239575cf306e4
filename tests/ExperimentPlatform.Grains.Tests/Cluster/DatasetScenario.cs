using Azure.Storage.Blobs.Models;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>Helpers shared by the cluster tests: temp files, requests, and a look at what is in Blob storage.</summary>
internal sealed class DatasetScenario(ClusterFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-test-").FullName;

    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public IDatasetGrain Dataset(string name) => fixture.Grains.GetGrain<IDatasetGrain>(name);

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static ImportRequest FromPath(string path, DatasetKind kind, string version = "v1") => new()
    {
        Version = version,
        Kind = kind,
        SourceType = ImportSourceType.LocalPath,
        Location = path,
        Actor = "test:alice",
    };

    /// <summary>Every committed blob of a dataset (content and splits).</summary>
    public async Task<List<string>> BlobsOfAsync(string dataset)
    {
        var names = new List<string>();
        foreach (var prefix in new[] { $"content/{dataset}/", $"splits/{dataset}/" })
        {
            await foreach (var blob in fixture.Storage.DatasetContainer.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
                names.Add(blob.Name);
        }
        return names;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
