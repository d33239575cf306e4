using ExperimentPlatform.Client;
using ExperimentPlatform.Grains.Models.Imports;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Models;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExperimentPlatform.Web.Apis;

/// <summary>
/// Hugging Face GPT-2 folders in and out of the registry: <c>POST /api/models/{name}/imports</c> takes a zip of one
/// (evaluated and registered as a foundation version by an import run), <c>GET …/versions/{version}/huggingface</c>
/// streams a version as one.
/// </summary>
public static class HuggingFaceApi
{
    /// <summary>The weights' limit plus room for config.json and the zip's own records.</summary>
    private const long MaxZipBytes = ModelImportGrain.MaxWeightsBytes + (16 << 20);

    public static IEndpointRouteBuilder MapHuggingFaceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");
        api.MapPost("/{name}/imports", ImportAsync)
            .WithSummary("Import a Hugging Face GPT-2 model: the body is a zip of its folder (config.json, model.safetensors); ?dataset= (text data it is evaluated on, required), ?tokenizer= (gpt2), ?description=. 202 with the import; its version appears when the import run completes.")
            .Accepts<Stream>("application/zip", "application/octet-stream")
            .DisableAntiforgery();
        api.MapGet("/{name}/imports/{id}", GetImportAsync).WithSummary("An import: its run, status (importing, registered, failed), version or error.");
        api.MapGet("/{name}/versions/{version}/huggingface", ExportAsync)
            .WithSummary("A version as a zipped Hugging Face GPT-2 folder (transformers' from_pretrained loads it); made on a worker the first time, audited on the model.");
        return app;
    }

    private static async Task<Accepted<ModelImport>> ImportAsync(string name, HttpContext context, ModelsClient models, string? dataset, string? tokenizer, string? description,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(dataset))
            throw new ModelInputException("dataset", "query parameter 'dataset' is required: the text dataset the imported model is evaluated on");
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        var zip = Path.Combine(Path.GetTempPath(), $"ep-import-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var file = File.Create(zip))
                await new LimitedReadStream(context.Request.Body, MaxZipBytes).CopyToAsync(file, cancellationToken);
            var request = new ImportVersionRequest { Dataset = dataset, Tokenizer = tokenizer ?? new ImportVersionRequest().Tokenizer, Description = description ?? "" };
            var started = await models.ImportZipAsync(name, File.OpenRead(zip), request, Actor.Of(context), cancellationToken);
            return TypedResults.Accepted($"/api/models/{name}/imports/{started.Id}", started);
        }
        finally
        {
            File.Delete(zip);
        }
    }

    private static async Task<Ok<ModelImport>> GetImportAsync(string name, string id, ModelsClient models, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.GetImportAsync(name, id, cancellationToken));

    private static async Task ExportAsync(string name, string version, HttpContext context, ModelsClient models, CancellationToken cancellationToken)
    {
        var actor = Actor.Of(context);
        var export = await models.ExportAsync(ModelsApi.Reference(name, version), actor, cancellationToken);
        context.Response.ContentType = "application/zip";
        context.Response.ContentLength = export.Bytes;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{export.FileName}\"";
        context.Response.Headers["X-Content-SHA256"] = export.Sha256;
        await models.DownloadExportAsync(export, context.Response.Body, actor, cancellationToken);
    }
}
