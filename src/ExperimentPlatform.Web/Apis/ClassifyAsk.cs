namespace ExperimentPlatform.Web.Apis;

/// <summary>The body of <c>POST /api/inference/classify</c>: a model reference and the texts to label.</summary>
public sealed record ClassifyAsk(string? Model, IReadOnlyList<string>? Texts);
