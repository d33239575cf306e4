namespace ExperimentPlatform.Grains.Hosting;

/// <summary>The catalog import's state on this host: <see cref="Status"/> (one of <see cref="CatalogImportState"/>'s), why it failed, since when, how many datasets it imported.</summary>
public sealed record CatalogImportReport(string Status, string? Error, DateTimeOffset? Since, int Imported);
