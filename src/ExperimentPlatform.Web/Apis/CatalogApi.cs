using ExperimentPlatform.Grains.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExperimentPlatform.Web.Apis;

/// <summary><c>/api/catalog</c>: how this host's import of the built-in catalog went (the datasets themselves are in <c>/api/datasets</c>).</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalog", Status).WithTags("Datasets")
            .WithSummary("The built-in catalog's import on this host: off, missing, importing, imported or failed (with why).");
        return app;
    }

    private static Ok<CatalogImportReport> Status(CatalogImportState state) => TypedResults.Ok(state.Report);
}
