namespace ExperimentPlatform.Models;

/// <summary>
/// A version exported as a Hugging Face GPT-2 folder, zipped (<c>config.json</c> + <c>model.safetensors</c>;
/// <c>GPT2LMHeadModel</c>, or <c>GPT2ForSequenceClassification</c> with its labels for a classifier).
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.ModelExport")]
public sealed record ModelExport
{
    [Id(0)] public required ModelVersionRef Version { get; init; }
    [Id(1)] public required long Bytes { get; init; }

    /// <summary>SHA-256 of the zip.</summary>
    [Id(2)] public required string Sha256 { get; init; }

    public string FileName => $"{Version.Model}-v{Version.Version}-huggingface.zip";
}
