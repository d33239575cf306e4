using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ExperimentPlatform.Hosting.Health;

/// <summary>
/// The health every host reports: <c>/health/live</c> (the process answers; no checks) and <c>/health/ready</c> (checks
/// tagged <see cref="Ready"/>: storage reachable, the built-in catalog imported (degraded, still 200, when it failed) and,
/// on a silo, the silo active in membership). 200 or 503, with a JSON body naming each check's status and why.
/// </summary>
public static class PlatformHealth
{
    public const string Ready = "ready";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>Registers the readiness checks; <paramref name="silo"/>: this host runs a silo.</summary>
    public static IServiceCollection AddPlatformHealthChecks(this IServiceCollection services, bool silo)
    {
        services.TryAddSingleton<Grains.Hosting.CatalogImportState>();
        var checks = services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [Ready])
            .AddCheck<CatalogHealthCheck>("catalog", tags: [Ready]);
        if (silo)
            checks.AddCheck<MembershipHealthCheck>("membership", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapPlatformHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).ExcludeFromDescription();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).ExcludeFromDescription();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
        }));
    }
}
