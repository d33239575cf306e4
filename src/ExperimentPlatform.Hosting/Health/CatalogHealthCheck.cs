using ExperimentPlatform.Grains.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ExperimentPlatform.Hosting.Health;

/// <summary>Degraded (still ready: the platform works without it) when this host's import of the built-in catalog failed, saying why.</summary>
public sealed class CatalogHealthCheck(CatalogImportState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = state.Report;
        return Task.FromResult(report.Status == CatalogImportState.Failed
            ? HealthCheckResult.Degraded($"the built-in catalog could not be imported: {report.Error}")
            : HealthCheckResult.Healthy($"catalog {report.Status}"));
    }
}
