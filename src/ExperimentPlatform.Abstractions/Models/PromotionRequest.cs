namespace ExperimentPlatform.Models;

/// <summary>A request to move an alias of a model to a version, through the gate and (protected aliases) approval.</summary>
[GenerateSerializer, Immutable, Alias("ep.PromotionRequest")]
public sealed record PromotionRequest
{
    /// <summary>Numbered per model: 1, 2, …</summary>
    [Id(0)] public required int Id { get; init; }
    [Id(1)] public required string Model { get; init; }
    [Id(2)] public required string Alias { get; init; }
    [Id(3)] public required int Version { get; init; }
    [Id(4)] public required string RequestedBy { get; init; }
    [Id(5)] public required DateTimeOffset RequestedAt { get; init; }
    [Id(6)] public string Reason { get; init; } = "";
    [Id(7)] public required PromotionStatus Status { get; init; }
    [Id(8)] public required bool Protected { get; init; }
    [Id(9)] public GateResult? Gate { get; init; }

    /// <summary>Who approved, rejected or cancelled it, and why (the gate's verdict for GateFailed).</summary>
    [Id(10)] public string? DecidedBy { get; init; }
    [Id(11)] public string? Decision { get; init; }
    [Id(12)] public DateTimeOffset UpdatedAt { get; init; }

    public bool IsOpen => Status is PromotionStatus.Evaluating or PromotionStatus.AwaitingApproval;
}
