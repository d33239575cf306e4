using ExperimentPlatform.Client;
using ExperimentPlatform.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExperimentPlatform.Web.Apis;

/// <summary>
/// <c>/api/models</c>: the registry. Models, versions registered from runs' checkpoints, and lineage. A version is
/// named in paths by <c>vN</c> (or <c>N</c>), an alias, or <c>latest</c>.
/// </summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");
        api.MapGet("/", ListAsync).WithSummary("Registered models (optionally of one task: foundation, classifier, instruct) with version counts and aliases.");
        api.MapPost("/{name}", CreateAsync).WithSummary("Create a model: task, description, owners. 409 if it exists.").Accepts<ModelDefinition>("application/json");
        api.MapGet("/{name}", GetAsync).WithSummary("A model: task, owners, latest version, aliases.");
        api.MapGet("/{name}/versions", VersionsAsync).WithSummary("The model's versions, newest first.");
        api.MapPost("/{name}/versions", RegisterAsync)
            .WithSummary("Register a version from a run's checkpoint (choice best | latest | step); creates the model on its first version. 201 with the version.")
            .Accepts<RegisterVersionRequest>("application/json");
        api.MapGet("/{name}/versions/{version}", VersionAsync).WithSummary("One version (vN, N, an alias, or latest): metrics, run, data, parent, config, code version.");
        api.MapGet("/{name}/versions/{version}/lineage", LineageAsync).WithSummary("A version's ancestors (nearest first) and descendants, with the dataset version of each step.");
        api.MapPut("/{name}/policy", PolicyAsync).WithSummary("The promotion policy: benchmark, primary metric, allowed regression, thresholds, protected aliases.")
            .Accepts<PromotionPolicy>("application/json");
        api.MapPost("/{name}/promotions", RequestAsync)
            .WithSummary("Request to move an alias to a version: {alias, version, reason}. 201 with the request, whose gate then evaluates on worker silos; 409 while the alias has an open request.")
            .Accepts<PromotionAsk>("application/json");
        api.MapGet("/{name}/promotions", PromotionsAsync).WithSummary("Promotion requests, newest first, with their gate results.");
        api.MapGet("/{name}/promotions/{id:int}", PromotionAsync).WithSummary("One promotion request: status, gate evaluations, checks and figures, decision.");
        api.MapPost("/{name}/promotions/{id:int}/approve", ApproveAsync).WithSummary("Approve a request that passed its gate (not by its requester, 403); the alias moves.");
        api.MapPost("/{name}/promotions/{id:int}/reject", RejectAsync).WithSummary("Reject an open request; ?reason= is required.");
        api.MapPost("/{name}/promotions/{id:int}/cancel", CancelAsync).WithSummary("Withdraw an open request (its evaluation runs are cancelled).");
        api.MapPost("/{name}/aliases/{alias}/rollback", RollbackAsync).WithSummary("Move an alias back to the version it pointed at before its last move.");
        api.MapGet("/{name}/audit", ModelAuditAsync).WithSummary("The model's audit log, newest first; ?before= from the previous page's next.");
        app.MapGet("/api/audit", AuditAsync).WithTags("Models").WithSummary("Every model's audit log, newest first; ?before= from the previous page's next.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ModelSummary>>> ListAsync(ModelsClient models, string? task, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.ListAsync(task is null ? null : ApiEnums.Parse<ModelTask>(task, "task"), cancellationToken));

    private static async Task<Created<RegisteredModel>> CreateAsync(string name, HttpContext context, ModelsClient models, CancellationToken cancellationToken)
    {
        var definition = await BodyAsync<ModelDefinition>(context, cancellationToken);
        var model = await models.CreateAsync(name, definition, Actor.Of(context), cancellationToken);
        return TypedResults.Created($"/api/models/{model.Name}", model);
    }

    private static async Task<Ok<RegisteredModel>> GetAsync(string name, ModelsClient models, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.GetAsync(name, cancellationToken));

    private static async Task<Ok<IReadOnlyList<ModelVersion>>> VersionsAsync(string name, ModelsClient models, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.ListVersionsAsync(name, cancellationToken));

    private static async Task<Created<ModelVersion>> RegisterAsync(string name, HttpContext context, ModelsClient models, CancellationToken cancellationToken)
    {
        var request = await BodyAsync<RegisterVersionRequest>(context, cancellationToken);
        var version = await models.RegisterAsync(name, request, Actor.Of(context), cancellationToken);
        return TypedResults.Created($"/api/models/{name}/versions/v{version.Version}", version);
    }

    private static async Task<Ok<ModelVersion>> VersionAsync(string name, string version, ModelsClient models, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.ResolveAsync(Reference(name, version), cancellationToken));

    private static async Task<Ok<ModelLineage>> LineageAsync(string name, string version, ModelsClient models, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.GetLineageAsync(Reference(name, version), cancellationToken));

    private static async Task<Ok<RegisteredModel>> PolicyAsync(string name, HttpContext context, ModelsClient models, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.SetPolicyAsync(name, await BodyAsync<PromotionPolicy>(context, cancellationToken), Actor.Of(context), cancellationToken));

    private static async Task<Created<PromotionRequest>> RequestAsync(string name, HttpContext context, ModelsClient models, CancellationToken cancellationToken)
    {
        var ask = await BodyAsync<PromotionAsk>(context, cancellationToken);
        var request = await models.RequestPromotionAsync(name, ask.Alias ?? "", ask.Version, Actor.Of(context), ask.Reason ?? "", cancellationToken);
        return TypedResults.Created($"/api/models/{name}/promotions/{request.Id}", request);
    }

    private static async Task<Ok<IReadOnlyList<PromotionRequest>>> PromotionsAsync(string name, ModelsClient models, int max = 100, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await models.ListPromotionsAsync(name, max, cancellationToken));

    private static async Task<Ok<PromotionRequest>> PromotionAsync(string name, int id, ModelsClient models, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.GetPromotionAsync(name, id, cancellationToken));

    private static async Task<Ok<PromotionRequest>> ApproveAsync(string name, int id, HttpContext context, ModelsClient models, string? reason, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.ApproveAsync(name, id, Actor.Of(context), reason ?? "", cancellationToken));

    private static async Task<Ok<PromotionRequest>> RejectAsync(string name, int id, HttpContext context, ModelsClient models, string? reason, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.RejectAsync(name, id, Actor.Of(context), reason ?? "", cancellationToken));

    private static async Task<Ok<PromotionRequest>> CancelAsync(string name, int id, HttpContext context, ModelsClient models, string? reason, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.CancelPromotionAsync(name, id, Actor.Of(context), reason ?? "", cancellationToken));

    private static async Task<Ok<RegisteredModel>> RollbackAsync(string name, string alias, HttpContext context, ModelsClient models, string? reason, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.RollbackAsync(name, alias, Actor.Of(context), reason ?? "", cancellationToken));

    private static async Task<Ok<AuditPage>> ModelAuditAsync(string name, ModelsClient models, string? before, int max = 100, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await models.GetAuditAsync(name, before, max, cancellationToken));

    private static async Task<Ok<AuditPage>> AuditAsync(ModelsClient models, string? before, int max = 100, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await models.GetAuditAsync(null, before, max, cancellationToken));

    /// <summary>The JSON body, or a 400 naming the field that could not be read.</summary>
    internal static async Task<T> BodyAsync<T>(HttpContext context, CancellationToken cancellationToken) where T : class
    {
        using var reader = new StreamReader(context.Request.Body);
        return ModelJson.Parse<T>(await reader.ReadToEndAsync(cancellationToken));
    }

    /// <summary><c>latest</c> → <c>name</c>, <c>3</c> → <c>name@v3</c>, anything else → <c>name@it</c>.</summary>
    internal static string Reference(string name, string version) =>
        version == "latest" ? name : int.TryParse(version, out var n) && n > 0 ? $"{name}@v{n}" : $"{name}@{version}";
}
