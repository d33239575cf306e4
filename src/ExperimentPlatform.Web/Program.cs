using ExperimentPlatform.Web.Apis;
using ExperimentPlatform.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();
builder.AddPlatformApi();

var app = builder.Build();
app.UseExceptionHandler();
app.MapOpenApi();
app.MapGet("/", () => Results.Redirect("/api/datasets")).ExcludeFromDescription();
app.MapHealthChecks("/healthz");
app.MapDatasetsApi();
app.MapRunsApi();
app.MapModelsApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
