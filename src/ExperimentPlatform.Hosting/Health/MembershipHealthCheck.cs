using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ExperimentPlatform.Hosting.Health;

/// <summary>Ready only while this silo is active in the cluster's membership (not joining, not shutting down or dead).</summary>
public sealed class MembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {silo.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"silo {silo.SiloAddress} is {status.ToString().ToLowerInvariant()} in membership"));
    }
}
