namespace ExperimentPlatform.Runs;

/// <summary>
/// Everything a run is launched with. Client, HTTP and <c>ep runs launch</c> all send this record, and one path
/// validates it (<see cref="RunSpecRules"/> for the spec alone, the run grain for what the cluster knows).
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.RunSpec")]
public sealed record RunSpec
{
    [Id(0)] public RunKind Kind { get; init; } = RunKind.Pretrain;

    /// <summary><c>name</c> (its latest version), <c>name@version</c> or <c>name@sha-prefix</c>.</summary>
    [Id(1)] public string Dataset { get; init; } = "";

    /// <summary>Null: from scratch (continued pretraining is <c>pretrain</c> with a starting point).</summary>
    [Id(2)] public StartingPoint? Start { get; init; }

    [Id(3)] public ModelShape Model { get; init; } = new();

    [Id(4)] public string Tokenizer { get; init; } = TokenizerNames.Gpt2;

    [Id(5)] public TrainingSettings Training { get; init; } = new();

    [Id(6)] public long Seed { get; init; } = 1;

    [Id(7)] public ResourceRequest Resources { get; init; } = new();

    /// <summary>Higher runs first; equal priorities start in launch order.</summary>
    [Id(8)] public int Priority { get; init; }

    [Id(9)] public CheckpointPolicy Checkpoints { get; init; } = new();

    [Id(10)] public string Experiment { get; init; } = "default";

    [Id(11)] public IReadOnlyList<string> Tags { get; init; } = [];

    [Id(12)] public string Description { get; init; } = "";

    /// <summary>A display name; the run's id is assigned at launch.</summary>
    [Id(13)] public string? Name { get; init; }
}
