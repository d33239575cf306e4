using System.Text.Json;
using ExperimentPlatform.Client;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;
using ExperimentPlatform.Grains.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ExperimentPlatform.Web.Apis;

/// <summary><c>/api/datasets</c>: list, show, preview, upload, import from a path, delete.</summary>
public static class DatasetsApi
{
    public const int MaxPreview = DatasetPreview.MaxCount;

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Datasets");
        api.MapGet("/", ListAsync).WithSummary("All datasets with their latest version's statistics.");
        api.MapGet("/{name}", GetAsync).WithSummary("A dataset with all its versions, references and history.");
        api.MapGet("/{name}/versions/{version}", GetVersionAsync)
            .WithSummary("One version, by name or by SHA-256 (prefix of at least 8 hex digits).");
        api.MapGet("/{name}/versions/{version}/preview", PreviewAsync)
            .WithSummary($"Records of a version in canonical form, from offset (≤ {DatasetPreview.MaxOffset:N0}), count ≤ {MaxPreview}.");
        api.MapPost("/{name}/versions", UploadAsync)
            .WithSummary("Upload a new version: the request body is the file (or multipart/form-data with one file). 201 with the version once imported; wait=false: 202 with the import job at once.")
            // One Accepts list: it also filters requests by content type, so every accepted type is named here.
            .Accepts<Stream>("application/octet-stream", "multipart/form-data", "text/*", "application/*")
            .DisableAntiforgery();
        api.MapPost("/{name}/imports", ImportFromPathAsync)
            .WithSummary("Create a version from a file or folder the silos can read (local mode, mounted volumes). wait=false: 202 with the import job at once.");
        api.MapGet("/{name}/imports", ListImportsAsync).WithSummary("The dataset's import jobs, newest first: running ones and the last 20 ended ones.");
        api.MapGet("/{name}/imports/{id}", GetImportAsync).WithSummary("One import job: importing, completed (with the version created) or failed (with why).");
        api.MapPost("/{name}/derivations", DeriveAsync)
            .WithSummary("Create a version from another dataset version: {from: NAME@VERSION, split: train|validation|test (or none: all), version, kind, description}; e.g. a classification train split as text.");
        api.MapDelete("/{name}/versions/{version}", DeleteVersionAsync)
            .WithSummary("Delete a version; refused (409) while a run or model references it.");
        api.MapDelete("/{name}", DeleteAsync).WithSummary("Delete a dataset and all its versions; refused while any is referenced.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<DatasetSummary>>> ListAsync(DatasetsClient datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await datasets.ListAsync(cancellationToken));

    private static async Task<Ok<DatasetDetails>> GetAsync(string name, DatasetsClient datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await datasets.GetAsync(name, cancellationToken));

    private static async Task<Ok<DatasetVersion>> GetVersionAsync(string name, string version, DatasetsClient datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await datasets.GetVersionAsync(name, version, cancellationToken));

    private static async Task<Ok<List<JsonElement>>> PreviewAsync(
        string name, string version, DatasetsClient datasets, long offset = 0, int count = 10, CancellationToken cancellationToken = default)
    {
        var preview = await datasets.PreviewAsync(name, version, offset, count, cancellationToken);
        return TypedResults.Ok(preview.Records.Select(l => JsonDocument.Parse(l).RootElement).ToList());
    }

    private static async Task<Results<Created<DatasetVersion>, Accepted<DatasetImportJob>>> UploadAsync(
        string name, [AsParameters] UploadOptions options, HttpContext context, IGrainFactory grains, DatasetsClient datasets,
        DatasetContentStore store, IOptions<IngestionLimits> limits, CancellationToken cancellationToken)
    {
        ResourceName.Check(name, "dataset name");
        ResourceName.Check(options.Version, "version name");
        var kind = UploadOptions.ParseEnum<DatasetKind>(options.Kind, "kind");
        var format = UploadOptions.ParseEnum<DatasetFormat>(options.Format, "format", DatasetFormat.Auto);
        var grain = grains.GetGrain<IDatasetGrain>(name);
        await RefuseExistingVersionAsync(grain, name, options.Version!);

        // The body is streamed to Blob storage; the limit is enforced while reading, not by Kestrel's default 30 MB.
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        var (body, fileName) = await OpenFileAsync(context.Request, options.FileName, cancellationToken);
        CheckFileName(fileName);
        var staged = await store.StageUploadAsync(body, fileName, limits.Value.MaxSourceBytes, cancellationToken);
        var job = await datasets.StartImportAsync(name, new ImportRequest
        {
            Version = options.Version!,
            Kind = kind,
            SourceType = ImportSourceType.StagedUpload,
            Location = staged,
            FileName = fileName,
            Format = format,
            TextField = options.TextField ?? "text",
            LabelField = options.LabelField ?? "label",
            Split = options.Split(),
            Description = options.Description ?? "",
            Actor = Actor.Of(context),
        }, cancellationToken);
        return await AnswerAsync(name, job, options.Wait ?? true, datasets, cancellationToken);
    }

    /// <summary>201 with the version once the job ended (the HTTP request waits, no grain call does), or 202 with the job at once.</summary>
    private static async Task<Results<Created<DatasetVersion>, Accepted<DatasetImportJob>>> AnswerAsync(
        string name, DatasetImportJob job, bool wait, DatasetsClient datasets, CancellationToken cancellationToken)
    {
        if (!wait)
            return TypedResults.Accepted($"/api/datasets/{name}/imports/{job.Id}", job);
        var created = await datasets.WaitAsync(name, job, cancellationToken);
        return TypedResults.Created($"/api/datasets/{name}/versions/{created.Name}", created);
    }

    private static async Task<Ok<IReadOnlyList<DatasetImportJob>>> ListImportsAsync(string name, DatasetsClient datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await datasets.ListImportsAsync(name, cancellationToken));

    private static async Task<Ok<DatasetImportJob>> GetImportAsync(string name, string id, DatasetsClient datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await datasets.GetImportAsync(name, id, cancellationToken));

    private static async Task<Results<Created<DatasetVersion>, Accepted<DatasetImportJob>>> ImportFromPathAsync(
        string name, ImportFromPathRequest request, HttpContext context, DatasetsClient datasets, bool? wait, CancellationToken cancellationToken)
    {
        ResourceName.Check(name, "dataset name");
        ResourceName.Check(request.Version, "version name");
        if (string.IsNullOrWhiteSpace(request.Path))
            throw new DatasetInputException("path is empty");
        var job = await datasets.StartImportAsync(name, new ImportRequest
        {
            Version = request.Version,
            Kind = request.Kind,
            SourceType = ImportSourceType.LocalPath,
            Location = request.Path,
            Format = request.Format,
            TextField = request.TextField,
            LabelField = request.LabelField,
            Split = request.Split ?? SplitPolicy.Default,
            Description = request.Description,
            Actor = Actor.Of(context),
        }, cancellationToken);
        return await AnswerAsync(name, job, wait ?? true, datasets, cancellationToken);
    }

    private static async Task<Created<DatasetVersion>> DeriveAsync(string name, DeriveRequest request, HttpContext context, DatasetsClient datasets,
        CancellationToken cancellationToken)
    {
        ResourceName.Check(name, "dataset name");
        ResourceName.Check(request.Version, "version name");
        if (string.IsNullOrWhiteSpace(request.From))
            throw new DatasetInputException("from is empty; name the source as NAME@VERSION");
        var created = await datasets.DeriveAsync(name, request.Version, request.From, request.Split, request.Kind, Actor.Of(context), request.Description, cancellationToken);
        return TypedResults.Created($"/api/datasets/{name}/versions/{created.Name}", created);
    }

    private static async Task<NoContent> DeleteVersionAsync(string name, string version, HttpContext context, IGrainFactory grains)
    {
        await grains.GetGrain<IDatasetGrain>(name).DeleteVersionAsync(version, Actor.Of(context));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DeleteAsync(string name, HttpContext context, IGrainFactory grains)
    {
        await grains.GetGrain<IDatasetGrain>(name).DeleteAsync(Actor.Of(context));
        return TypedResults.NoContent();
    }

    /// <summary>Fails fast, before the bytes are read, when the version name is taken.</summary>
    private static async Task RefuseExistingVersionAsync(IDatasetGrain grain, string name, string version)
    {
        try
        {
            var existing = await grain.GetVersionAsync(version);
            if (existing.Name == version)
                throw new DatasetConflictException(
                    $"dataset '{name}' already has a version '{version}' (sha256 {existing.Sha256[..12]}…); versions are immutable, choose another name");
        }
        catch (DatasetNotFoundException)
        {
        }
    }

    /// <summary>The uploaded file: the first file part of a multipart body, or the raw body.</summary>
    private static async Task<(Stream Body, string FileName)> OpenFileAsync(HttpRequest request, string? fileName, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (request.Body, fileName ?? "upload");
        }
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new DatasetInputException("multipart body has no boundary");
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && disposition.IsFileDisposition())
            {
                var partName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                return (section.Body, fileName ?? Path.GetFileName(partName ?? "upload"));
            }
        }
        throw new DatasetInputException("multipart body holds no file part");
    }

    private static void CheckFileName(string fileName)
    {
        if (fileName.Length == 0 || fileName.Length > 255 || fileName.Any(c => char.IsControl(c) || c is '/' or '\\'))
            throw new DatasetInputException($"file name '{fileName}' is not usable (no path separators or control characters, at most 255 characters)");
    }
}
