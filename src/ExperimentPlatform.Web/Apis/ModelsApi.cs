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

    /// <summary>The JSON body, or a 400 naming the field that could not be read.</summary>
    private static async Task<T> BodyAsync<T>(HttpContext context, CancellationToken cancellationToken) where T : class
    {
        using var reader = new StreamReader(context.Request.Body);
        return ModelJson.Parse<T>(await reader.ReadToEndAsync(cancellationToken));
    }

    /// <summary><c>latest</c> → <c>name</c>, <c>3</c> → <c>name@v3</c>, anything else → <c>name@it</c>.</summary>
    private static string Reference(string name, string version) =>
        version == "latest" ? name : int.TryParse(version, out var n) && n > 0 ? $"{name}@v{n}" : $"{name}@{version}";
}
