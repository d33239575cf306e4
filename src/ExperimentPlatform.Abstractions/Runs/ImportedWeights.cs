namespace ExperimentPlatform.Runs;

/// <summary>
/// Weights uploaded from outside the platform (a Hugging Face GPT-2 folder, <c>ep models import</c>): the upload's id,
/// the SHA-256 of its <c>model.safetensors</c> and its size — where a run's (and its version's) weights came from.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.ImportedWeights")]
public sealed record ImportedWeights(
    [property: Id(0)] string Id,
    [property: Id(1)] string Sha256,
    [property: Id(2)] long Bytes)
{
    public override string ToString() => $"Hugging Face upload {Id} (model.safetensors sha256:{Sha256}, {Bytes:N0} bytes)";
}
