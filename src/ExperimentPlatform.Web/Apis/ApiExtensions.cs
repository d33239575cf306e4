using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExperimentPlatform.Web.Apis;

public static class ApiExtensions
{
    /// <summary>JSON conventions (enums as kebab-case strings), problem details and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddPlatformApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<PlatformExceptionHandler>();
        builder.Services.AddOpenApi();
        return builder;
    }
}
