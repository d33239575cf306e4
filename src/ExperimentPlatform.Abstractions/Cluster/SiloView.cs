namespace ExperimentPlatform.Cluster;

/// <summary>One silo of the cluster as its members see it: what it offers (its metadata), its status and since when it runs.</summary>
[GenerateSerializer, Immutable, Alias("ep.SiloView")]
public sealed record SiloView
{
    /// <summary>The silo's address, as Orleans writes it (the scheduler's and a run's assignment name it so).</summary>
    [Id(0)] public required string Address { get; init; }
    [Id(1)] public required string Name { get; init; }

    /// <summary><c>active</c>, <c>joining</c>, <c>shutting-down</c>, …</summary>
    [Id(2)] public required string Status { get; init; }

    /// <summary><c>worker</c> or <c>control</c>.</summary>
    [Id(3)] public required string Role { get; init; }
    [Id(4)] public required string Accelerator { get; init; }
    [Id(5)] public int Slots { get; init; }
    [Id(6)] public string CodeVersion { get; init; } = "unknown";
    [Id(7)] public DateTimeOffset? StartedAt { get; init; }
}
