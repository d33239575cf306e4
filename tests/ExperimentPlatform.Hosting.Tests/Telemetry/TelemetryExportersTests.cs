using ExperimentPlatform.Hosting.Telemetry;
using Microsoft.Extensions.Configuration;

namespace ExperimentPlatform.Hosting.Tests.Telemetry;

/// <summary>Where telemetry is sent, chosen from the standard variables, with bad values refused at start.</summary>
public sealed class TelemetryExportersTests
{
    private static TelemetryExporters From(params (string Key, string Value)[] settings) =>
        TelemetryExporters.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void Otlp_azure_monitor_both_or_neither()
    {
        Assert.Equal(new TelemetryExporters(null, null), From());
        Assert.Equal(new Uri("http://collector:4317"), From(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")).Otlp);
        var both = From(("OTEL_EXPORTER_OTLP_ENDPOINT", "https://otel.example:4318"), ("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=00000000-0000-0000-0000-000000000000"));
        Assert.NotNull(both.Otlp);
        Assert.NotNull(both.AzureMonitor);
    }

    [Fact]
    public void A_value_that_cannot_work_stops_the_host_with_the_variable_named()
    {
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT 'collector:4317' is not an http(s) URL",
            Assert.Throws<InvalidOperationException>(() => From(("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"))).Message);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING has no InstrumentationKey",
            Assert.Throws<InvalidOperationException>(() => From(("APPLICATIONINSIGHTS_CONNECTION_STRING", "IngestionEndpoint=https://x"))).Message);
    }
}
