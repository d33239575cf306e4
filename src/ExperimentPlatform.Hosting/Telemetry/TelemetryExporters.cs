using Microsoft.Extensions.Configuration;

namespace ExperimentPlatform.Hosting.Telemetry;

/// <summary>
/// Where telemetry goes, from configuration: an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the
/// standard variable; protocol and headers from the other <c>OTEL_EXPORTER_OTLP_*</c> variables), Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (Azure sets it on every app), both, or neither (collected, not sent).
/// </summary>
public sealed record TelemetryExporters(Uri? Otlp, string? AzureMonitor)
{
    public static TelemetryExporters From(IConfiguration configuration)
    {
        Uri? otlp = null;
        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } endpoint)
            otlp = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_ENDPOINT '{endpoint}' is not an http(s) URL (e.g. http://collector:4317)");
        var azure = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connection ? connection : null;
        if (azure is not null && !azure.Contains("InstrumentationKey=", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("APPLICATIONINSIGHTS_CONNECTION_STRING has no InstrumentationKey=…; copy it whole from Application Insights");
        return new TelemetryExporters(otlp, azure);
    }
}
