using Azure.Monitor.OpenTelemetry.Exporter;
using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ExperimentPlatform.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry on every host: traces of ASP.NET Core requests, outgoing HTTP and Orleans grain calls (propagated
/// across silos); metrics of Orleans, ASP.NET Core, HTTP, the .NET runtime and the platform itself
/// (<see cref="PlatformMetrics"/>); exported as <see cref="TelemetryExporters"/> says.
/// </summary>
public static class PlatformTelemetry
{
    /// <summary>Orleans' activity sources and meter.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var exporters = TelemetryExporters.From(configuration);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: CodeVersion.Current))
            .WithTracing(tracing =>
            {
                tracing.AddSource(OrleansSources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (exporters.Otlp is not null)
                    tracing.AddOtlpExporter();
                if (exporters.AzureMonitor is { } connection)
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = connection);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OrleansMeter, PlatformMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (exporters.Otlp is not null)
                    metrics.AddOtlpExporter();
                if (exporters.AzureMonitor is { } connection)
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = connection);
            });
        return services;
    }
}
