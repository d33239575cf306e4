namespace ExperimentPlatform.Runs;

/// <summary>
/// The model a run trains from scratch: a named config (<see cref="NamedShapes"/>) with optional overrides. Ignored
/// when the run starts from a checkpoint, whose shape it keeps.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.ModelShape")]
public sealed record ModelShape
{
    [Id(0)] public string Config { get; init; } = "tiny";
    [Id(1)] public int? Layers { get; init; }
    [Id(2)] public int? Heads { get; init; }
    [Id(3)] public int? Width { get; init; }
    [Id(4)] public int? Context { get; init; }
    [Id(5)] public double Dropout { get; init; }

    /// <summary>The context length this shape ends up with, or null when <see cref="Config"/> is unknown.</summary>
    public int? ContextLength => Context ?? NamedShapes.Find(Config)?.Context;

    /// <summary>The config's name, or its sizes when any is overridden (<c>tiny</c>, <c>4x256 h4 ctx128</c>).</summary>
    public string Describe() =>
        Layers is null && Heads is null && Width is null && Context is null
            ? Config
            : $"{Layers ?? NamedShapes.Find(Config)?.Layers}x{Width ?? NamedShapes.Find(Config)?.Width} h{Heads ?? NamedShapes.Find(Config)?.Heads} ctx{ContextLength}";
}
