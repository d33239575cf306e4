using ExperimentPlatform.Client;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExperimentPlatform.Web.Apis;

/// <summary>
/// <c>/api/inference</c>: classify, generate and instruct with <c>name@alias</c>, <c>name@vN</c> or <c>name</c>, on the
/// worker silos. The reference is resolved per request; each answer names the version that gave it.
/// </summary>
public static class InferenceApi
{
    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/inference").WithTags("Inference");
        api.MapPost("/classify", ClassifyAsync)
            .WithSummary($"Label texts with a classifier: {{model, texts}} (at most {IInferenceGrain.MaxTexts} texts) → the version used and, per text, label and class probabilities.")
            .Accepts<ClassifyAsk>("application/json");
        api.MapPost("/generate", GenerateAsync)
            .WithSummary("Continue a prompt with a foundation or instruct model: {model, prompt, maxTokens, temperature (0: greedy), topK, topP, seed}.")
            .Accepts<GenerateAsk>("application/json");
        api.MapPost("/instruct", InstructAsync)
            .WithSummary("Answer an instruction with an instruct model: {model, instruction, input, and the sampling fields of generate}.")
            .Accepts<GenerateAsk>("application/json");
        var runs = api.MapGroup("/runs/{id}");
        runs.MapPost("/classify", ClassifyFromRunAsync)
            .WithSummary("Label texts with a classify run's checkpoint, unregistered (Researcher): ?checkpoint=latest|best|step&step=N, body {texts} → run, step, how it was chosen, predictions.")
            .Accepts<ClassifyAsk>("application/json");
        runs.MapPost("/generate", GenerateFromRunAsync)
            .WithSummary("Continue a prompt with a pretrain or instruct run's checkpoint (Researcher): ?checkpoint=latest|best|step&step=N, body as /generate.")
            .Accepts<GenerateAsk>("application/json");
        runs.MapPost("/instruct", InstructFromRunAsync)
            .WithSummary("Answer an instruction with an instruct run's checkpoint (Researcher): ?checkpoint=latest|best|step&step=N, body as /instruct.")
            .Accepts<GenerateAsk>("application/json");
        api.MapGet("/stats", StatsAsync).WithSummary("Each worker's inference server: warm models and bytes against its bound, cache hits, misses, evictions, requests.");
        return app;
    }

    private static async Task<Ok<ClassifyResult>> ClassifyAsync(HttpContext context, InferenceClient inference, CancellationToken cancellationToken)
    {
        var ask = await ModelsApi.BodyAsync<ClassifyAsk>(context, cancellationToken);
        return TypedResults.Ok(await inference.ClassifyAsync(ask.Model ?? "", ask.Texts ?? [], cancellationToken));
    }

    private static async Task<Ok<TextResult>> GenerateAsync(HttpContext context, InferenceClient inference, CancellationToken cancellationToken)
    {
        var ask = await ModelsApi.BodyAsync<GenerateAsk>(context, cancellationToken);
        return TypedResults.Ok(await inference.GenerateAsync(ask.Model ?? "", ask.Prompt ?? "", ask.Sampling(), cancellationToken));
    }

    private static async Task<Ok<TextResult>> InstructAsync(HttpContext context, InferenceClient inference, CancellationToken cancellationToken)
    {
        var ask = await ModelsApi.BodyAsync<GenerateAsk>(context, cancellationToken);
        return TypedResults.Ok(await inference.InstructAsync(ask.Model ?? "", ask.Instruction ?? "", ask.Input, ask.Sampling(), cancellationToken));
    }

    private static async Task<Ok<RunAnswer>> ClassifyFromRunAsync(
        string id, HttpContext context, InferenceClient inference, string checkpoint = "latest", int? step = null, CancellationToken cancellationToken = default)
    {
        var ask = await ModelsApi.BodyAsync<ClassifyAsk>(context, cancellationToken);
        return TypedResults.Ok(await inference.ClassifyFromRunAsync(At(id, checkpoint, step), ask.Texts ?? [], Actor.Of(context), cancellationToken));
    }

    private static async Task<Ok<RunAnswer>> GenerateFromRunAsync(
        string id, HttpContext context, InferenceClient inference, string checkpoint = "latest", int? step = null, CancellationToken cancellationToken = default)
    {
        var ask = await ModelsApi.BodyAsync<GenerateAsk>(context, cancellationToken);
        return TypedResults.Ok(await inference.GenerateFromRunAsync(At(id, checkpoint, step), ask.Prompt ?? "", Actor.Of(context), ask.Sampling(), cancellationToken));
    }

    private static async Task<Ok<RunAnswer>> InstructFromRunAsync(
        string id, HttpContext context, InferenceClient inference, string checkpoint = "latest", int? step = null, CancellationToken cancellationToken = default)
    {
        var ask = await ModelsApi.BodyAsync<GenerateAsk>(context, cancellationToken);
        return TypedResults.Ok(await inference.InstructFromRunAsync(At(id, checkpoint, step), ask.Instruction ?? "", ask.Input, Actor.Of(context), ask.Sampling(), cancellationToken));
    }

    private static RunCheckpoint At(string run, string checkpoint, int? step) =>
        new() { Run = run, Choice = ApiEnums.Parse<CheckpointChoice>(checkpoint, "checkpoint"), Step = step };

    private static async Task<Ok<IReadOnlyList<InferenceStats>>> StatsAsync(InferenceClient inference, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inference.GetStatsAsync(cancellationToken));
}
