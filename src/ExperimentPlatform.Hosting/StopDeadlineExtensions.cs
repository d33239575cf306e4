using Microsoft.Extensions.DependencyInjection;

namespace ExperimentPlatform.Hosting;

public static class StopDeadlineExtensions
{
    /// <summary>A host stops within <c>Host:StopDeadlineSeconds</c> (default 50 s) of SIGTERM, gracefully or not (<see cref="StopDeadline"/>).</summary>
    public static IServiceCollection AddStopDeadline(this IServiceCollection services) => services.AddHostedService<StopDeadline>();
}
