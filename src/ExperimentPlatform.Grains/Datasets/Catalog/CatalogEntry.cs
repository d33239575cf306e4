using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Datasets.Ingestion;

namespace ExperimentPlatform.Grains.Datasets.Catalog;

/// <summary>One dataset of the built-in catalog and how to read its records from the installed package.</summary>
public sealed record CatalogEntry(string Name, DatasetKind Kind, string Description, Func<IEnumerable<DatasetRecord>> Records);
