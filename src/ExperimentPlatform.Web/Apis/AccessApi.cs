using ExperimentPlatform.Access;
using ExperimentPlatform.Client;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExperimentPlatform.Web.Apis;

/// <summary><c>/api/roles</c>: who holds which roles; Admins grant (<c>PUT</c>) and revoke (<c>DELETE</c>).</summary>
public static class AccessApi
{
    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/roles").WithTags("Roles");
        api.MapGet("/", ListAsync).WithSummary("Grants from the role store and from configuration.");
        api.MapGet("/{actor}", GetAsync).WithSummary("An actor's roles and where they come from (store, configuration, default).");
        api.MapPut("/{actor}", GrantAsync).WithSummary("Admins: set an actor's roles, e.g. [\"researcher\", \"approver\"].").Accepts<PlatformRole[]>("application/json");
        api.MapDelete("/{actor}", RevokeAsync).WithSummary("Admins: remove an actor's stored grant.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<RoleGrant>>> ListAsync(AccessClient access, CancellationToken cancellationToken) =>
        TypedResults.Ok(await access.ListAsync(cancellationToken));

    private static async Task<Ok<RoleGrant>> GetAsync(string actor, AccessClient access, CancellationToken cancellationToken) =>
        TypedResults.Ok(await access.GetRolesAsync(actor, cancellationToken));

    private static async Task<Ok<RoleGrant>> GrantAsync(string actor, HttpContext context, AccessClient access, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body);
        var roles = ExperimentPlatform.Models.ModelJson.Parse<PlatformRole[]>(await reader.ReadToEndAsync(cancellationToken));
        return TypedResults.Ok(await access.GrantAsync(actor, roles, Actor.Of(context), cancellationToken));
    }

    private static async Task<NoContent> RevokeAsync(string actor, HttpContext context, AccessClient access, CancellationToken cancellationToken)
    {
        await access.RevokeAsync(actor, Actor.Of(context), cancellationToken);
        return TypedResults.NoContent();
    }
}
