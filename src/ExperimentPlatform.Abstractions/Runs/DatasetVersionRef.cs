namespace ExperimentPlatform.Runs;

/// <summary>A dataset version as a run refers to it: name, version name and content hash.</summary>
[GenerateSerializer, Immutable, Alias("ep.DatasetVersionRef")]
public sealed record DatasetVersionRef(
    [property: Id(0)] string Name,
    [property: Id(1)] string Version,
    [property: Id(2)] string Sha256)
{
    public override string ToString() => $"{Name}@{Version}";
}
