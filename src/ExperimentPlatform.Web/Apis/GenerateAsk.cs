using ExperimentPlatform.Inference;

namespace ExperimentPlatform.Web.Apis;

/// <summary>
/// The body of <c>POST /api/inference/generate</c> and <c>/instruct</c>: a model reference, the prompt (or instruction
/// and optional input) and sampling fields, each optional (defaults of <see cref="SamplingOptions"/>).
/// </summary>
public sealed record GenerateAsk(
    string? Model, string? Prompt, string? Instruction, string? Input, int? MaxTokens, double? Temperature, int? TopK, double? TopP, long? Seed)
{
    public SamplingOptions Sampling()
    {
        var defaults = new SamplingOptions();
        return new SamplingOptions
        {
            MaxTokens = MaxTokens ?? defaults.MaxTokens, Temperature = Temperature ?? defaults.Temperature, TopK = TopK ?? defaults.TopK,
            TopP = TopP ?? defaults.TopP, Seed = Seed ?? defaults.Seed,
        };
    }
}
