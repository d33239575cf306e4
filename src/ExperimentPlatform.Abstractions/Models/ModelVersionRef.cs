namespace ExperimentPlatform.Models;

/// <summary>One version of a registered model, written <c>name@vN</c>.</summary>
[GenerateSerializer, Immutable, Alias("ep.ModelVersionRef")]
public sealed record ModelVersionRef(
    [property: Id(0)] string Model,
    [property: Id(1)] int Version)
{
    public override string ToString() => $"{Model}@v{Version}";
}
