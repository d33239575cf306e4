using Microsoft.JSInterop;

namespace ExperimentPlatform.Web.Services;

/// <summary>Asks the browser to start loading Plotly while a chart page reads its data (see <c>ep.preloadPlotly</c> in wwwroot/ep.js).</summary>
public static class PlotlyPreload
{
    public static async Task StartAsync(IJSRuntime js)
    {
        try
        {
            await js.InvokeVoidAsync("ep.preloadPlotly");
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            // The first chart loads it then, as Plotly.Blazor does by itself.
        }
    }
}
