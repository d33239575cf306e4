using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;

namespace ExperimentPlatform.Datasets.Catalog;

/// <summary>One dataset of the built-in catalog and how to read its records from the installed package.</summary>
public sealed record CatalogEntry(string Name, DatasetKind Kind, string Description, Func<IEnumerable<DatasetRecord>> Records);
