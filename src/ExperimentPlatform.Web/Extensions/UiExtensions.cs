using ExperimentPlatform.Web.Components;
using ExperimentPlatform.Web.Services;
using MudBlazor.Services;

namespace ExperimentPlatform.Web.Extensions;

public static class UiExtensions
{
    /// <summary>How long a call into the page's JavaScript may take (a chart's data, the page's observers).</summary>
    public static readonly TimeSpan JsCallTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The Blazor Server UI: interactive components, MudBlazor, and the per-circuit services pages use.</summary>
    public static WebApplicationBuilder AddPlatformUi(this WebApplicationBuilder builder)
    {
        // Package assets (MudBlazor, Plotly.Blazor) are served from the build output too, not only from a publish.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            o.DetailedErrors = builder.Environment.IsDevelopment();
            // A closing tab's circuit is disposed while it still counts as connected: a component's JS call on the way
            // out (Plotly's purge) waits for an answer that never comes. Bounded at 20 s instead of the default minute, so
            // a server stopping just after a tab closed still stops gracefully (its shutdown timeout is 45 s).
            o.JSInteropDefaultCallTimeout = JsCallTimeout;
        });
        builder.Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        builder.Services.AddScoped<CircuitPresence>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(s => s.GetRequiredService<CircuitPresence>());
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<LiveRuns>();
        builder.Services.AddScoped<PlaygroundHistory>();
        builder.Services.AddTransient<RunWatch>();
        return builder;
    }

    public static WebApplication MapPlatformUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
