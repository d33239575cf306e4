using ExperimentPlatform.Hosting.Health;
using ExperimentPlatform.Web.Apis;
using ExperimentPlatform.Web.Extensions;
using ExperimentPlatform.Web.Identity;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();
builder.AddPlatformApi();
builder.AddPlatformIdentity();
builder.AddPlatformUi();

var app = builder.Build();
app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapOpenApi();
app.MapHealthChecks("/healthz"); // ready, as text (scripts poll it)
app.MapPlatformHealth();
app.MapAccountEndpoints();
var api = app.MapGroup("").RequireAuthorization();
api.MapDatasetsApi();
api.MapRunsApi();
api.MapModelsApi();
api.MapHuggingFaceApi();
api.MapAccessApi();
api.MapInferenceApi();
api.MapClusterApi();
api.MapCatalogApi();
app.MapPlatformUi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
