namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>A record with where it came from, so later checks (size, duplicates) can point at it.</summary>
internal readonly record struct LocatedRecord(DatasetRecord Record, string File, long Line);
