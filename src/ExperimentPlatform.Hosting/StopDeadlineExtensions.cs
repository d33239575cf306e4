using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExperimentPlatform.Hosting;

public static class StopDeadlineExtensions
{
    /// <summary>How long a graceful stop may take: a worker hands its runs back after a checkpoint (Worker:HandBackSeconds).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(45);

    /// <summary>A host stops within <c>Host:StopDeadlineSeconds</c> (default 50 s) of SIGTERM, gracefully or not (<see cref="StopDeadline"/>).</summary>
    public static IServiceCollection AddStopDeadline(this IServiceCollection services) => services.AddHostedService<StopDeadline>();

    /// <summary>
    /// How a platform host stops: its services (the HTTP server, the silo) stop at the same time, gracefully within
    /// <see cref="ShutdownTimeout"/>, and the process exits by its <see cref="StopDeadline"/> whatever happens. At the same
    /// time, not one after the other: an HTTP request that does not end (measured: a closed tab whose circuit's disposal
    /// hung) held the HTTP server's stop for the whole timeout, and the silo, stopped after it, then left ungracefully,
    /// without handing its runs back.
    /// </summary>
    public static IServiceCollection AddPlatformStop(this IServiceCollection services)
    {
        services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = ShutdownTimeout;
            o.ServicesStopConcurrently = true;
        });
        return services.AddStopDeadline();
    }
}
