using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Models;

/// <summary>
/// How an uploaded Hugging Face GPT-2 model becomes a foundation version: the text dataset it is evaluated on (the
/// version's figures: validation and test loss and perplexity), the tokenizer its token ids belong to, a description.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.ImportVersionRequest")]
public sealed record ImportVersionRequest
{
    /// <summary>A text dataset: <c>name</c>, <c>name@version</c> or <c>name@sha-prefix</c>.</summary>
    [Id(0)] public string Dataset { get; init; } = "";
    [Id(1)] public string Tokenizer { get; init; } = TokenizerNames.Gpt2;
    [Id(2)] public string Description { get; init; } = "";
}
