using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ExperimentPlatform.Hosting.Health;

/// <summary>Ready only while the storage account answers: one page of its tables and of its blob containers.</summary>
public sealed class StorageHealthCheck(PlatformStorage storage) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await foreach (var _ in storage.Tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
                break;
            await foreach (var _ in storage.Blobs.GetBlobContainersAsync(cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
                break;
            return HealthCheckResult.Healthy("tables and blobs answer");
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or System.Net.Http.HttpRequestException or Azure.Identity.AuthenticationFailedException)
        {
            return HealthCheckResult.Unhealthy($"storage does not answer: {e.Message}");
        }
    }
}
