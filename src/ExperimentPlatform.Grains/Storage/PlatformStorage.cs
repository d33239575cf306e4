using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>The storage account's clients, built once from configuration and shared by the host and Orleans.</summary>
public sealed class PlatformStorage
{
    public PlatformStorage(StorageOptions options)
    {
        Options = options;
        // Azurite 3.37 rejects the newest service version this SDK sends by default; this one both accept.
        var blobOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Blobs = new BlobServiceClient(options.ConnectionString, blobOptions);
            Tables = new TableServiceClient(options.ConnectionString);
            return;
        }
        if (options.BlobServiceUri is null || options.TableServiceUri is null)
            throw new InvalidOperationException(
                "No storage configured: set ConnectionStrings:Storage (local, Azurite) or Storage:BlobServiceUri and " +
                "Storage:TableServiceUri (Azure, managed identity).");
        TokenCredential credential = new DefaultAzureCredential();
        Blobs = new BlobServiceClient(options.BlobServiceUri, credential, blobOptions);
        Tables = new TableServiceClient(options.TableServiceUri, credential);
    }

    public StorageOptions Options { get; }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public BlobContainerClient DatasetContainer => Blobs.GetBlobContainerClient(Options.DatasetContainer);

    public BlobContainerClient RunContainer => Blobs.GetBlobContainerClient(Options.RunContainer);

    public TableClient RunTable => Tables.GetTableClient(Options.RunTable);

    public TableClient DatasetTable => Tables.GetTableClient(Options.DatasetTable);

    public TableClient ModelTable => Tables.GetTableClient(Options.ModelTable);

    public TableClient AccessTable => Tables.GetTableClient(Options.AccessTable);

    /// <summary>Reads <c>ConnectionStrings:Storage</c> and the <c>Storage</c> section.</summary>
    public static StorageOptions ReadOptions(IConfiguration configuration)
    {
        var options = new StorageOptions();
        configuration.GetSection(StorageOptions.Section).Bind(options);
        options.ConnectionString ??= configuration.GetConnectionString("Storage");
        return options;
    }
}
