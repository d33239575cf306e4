namespace ExperimentPlatform.Grains.Hosting;

/// <summary>
/// How this host's import of the built-in catalog went (<see cref="CatalogImporter"/>): reported by the health check
/// and <c>GET /api/catalog</c>. A failed import leaves the platform running without the catalog and says why here.
/// </summary>
public sealed class CatalogImportState
{
    public const string Off = "off";
    public const string Missing = "missing";
    public const string Importing = "importing";
    public const string Imported = "imported";
    public const string Failed = "failed";

    private volatile CatalogImportReport _report = new(Off, null, null, 0);

    public CatalogImportReport Report => _report;

    public void Set(string status, string? error = null, int imported = 0) =>
        _report = new CatalogImportReport(status, error, DateTimeOffset.UtcNow, imported);
}
