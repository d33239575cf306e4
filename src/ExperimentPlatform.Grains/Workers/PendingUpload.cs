namespace ExperimentPlatform.Grains.Workers;

/// <summary>A staged checkpoint waiting for its upload: its files (hard links) and the figures its record carries.</summary>
internal sealed record PendingUpload(int Step, string Staged, List<string> Files, Dictionary<string, double> Metrics, double StallSeconds);
