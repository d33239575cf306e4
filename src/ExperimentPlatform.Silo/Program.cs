using ExperimentPlatform.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A standalone silo: a worker (runs training) or a control silo, as configured in the "Silo" section.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UsePlatform(builder.Configuration));
// Stopping hands running runs back after a checkpoint (Worker:HandBackSeconds); give that time.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
if (builder.Configuration.GetValue("Catalog:ImportOnStart", false))
    builder.Services.AddHostedService<CatalogImporter>();
builder.Build().Run();
