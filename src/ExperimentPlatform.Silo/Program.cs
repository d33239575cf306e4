using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Hosting;
using ExperimentPlatform.Hosting.Health;
using ExperimentPlatform.Hosting.Telemetry;

// A standalone silo: a worker (runs training) or a control silo, as configured in the "Silo" section. It serves only
// its health (/health/live, /health/ready) over HTTP, on Health:Urls (default: a free port on loopback).
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls(builder.Configuration.GetValue("Health:Urls", "http://127.0.0.1:0")!.Split(';'));
builder.UseOrleans(silo => silo.UsePlatform(builder.Configuration));
builder.Services.AddPlatformHealthChecks(silo: true);
builder.Services.AddPlatformTelemetry(builder.Configuration, $"experiment-platform-{builder.Configuration.GetValue("Silo:Role", "worker")}");
builder.Services.AddPlatformStop();
if (builder.Configuration.GetValue("Catalog:ImportOnStart", false))
    builder.Services.AddHostedService<CatalogImporter>();
var app = builder.Build();
app.MapPlatformHealth();
app.Run();
