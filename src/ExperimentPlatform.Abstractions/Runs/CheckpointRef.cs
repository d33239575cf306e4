namespace ExperimentPlatform.Runs;

/// <summary>A checkpoint another run starts from: the run, the step, and its blob folder.</summary>
[GenerateSerializer, Immutable, Alias("ep.CheckpointRef")]
public sealed record CheckpointRef(
    [property: Id(0)] string Run,
    [property: Id(1)] int Step,
    [property: Id(2)] string Prefix,
    [property: Id(3)] IReadOnlyList<string> Files,
    [property: Id(4)] string Tokenizer,
    [property: Id(5)] RunKind Kind);
