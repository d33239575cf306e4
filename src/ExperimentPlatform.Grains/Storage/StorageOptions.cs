namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// Where the platform keeps its data. Locally a connection string to Azurite (<c>ConnectionStrings:Storage</c>);
/// in Azure the account's endpoints (<c>Storage:BlobServiceUri</c>, <c>Storage:TableServiceUri</c>) reached with
/// managed identity, so no key is ever configured.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }
    public Uri? BlobServiceUri { get; set; }
    public Uri? TableServiceUri { get; set; }

    /// <summary>Blob container for dataset content, splits and staged uploads.</summary>
    public string DatasetContainer { get; set; } = "datasets";

    /// <summary>Table with one row per dataset (its versions and list entry), plus its history and references.</summary>
    public string DatasetTable { get; set; } = "datasets";

    /// <summary>Blob container for runs: event batches and checkpoints.</summary>
    public string RunContainer { get; set; } = "runs";

    /// <summary>Table with one row per run: its state and the summary the run list shows.</summary>
    public string RunTable { get; set; } = "runs";

    /// <summary>Table of the model registry: a row per model, per version, and per parent → child link.</summary>
    public string ModelTable { get; set; } = "models";

    /// <summary>Table of role grants made by Admins (the role store).</summary>
    public string AccessTable { get; set; } = "access";
}
