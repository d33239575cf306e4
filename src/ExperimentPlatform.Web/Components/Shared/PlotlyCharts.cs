using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.Interop;

namespace ExperimentPlatform.Web.Components.Shared;

/// <summary>What every chart of ours does with Plotly.Blazor: redraw without failing the page, subscribe to zoom, read a zoom's range.</summary>
public static class PlotlyCharts
{
    /// <summary>Redraws <paramref name="chart"/> from its data; a closed page or a browser gone is logged, not thrown.</summary>
    public static async Task ReactAsync(PlotlyChart? chart, ILogger logger, string id)
    {
        if (chart is null)
            return;
        try
        {
            await chart.React();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            logger.LogDebug(e, "Redrawing chart {Chart} failed", id);
        }
    }

    /// <summary>Asks the browser for the chart's zoom events; false when that failed (the next render tries again).</summary>
    public static async Task<bool> SubscribeZoomAsync(PlotlyChart chart, ILogger logger, string id)
    {
        try
        {
            await chart.SubscribeRelayoutEvent();
            return true;
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Subscribing to zoom on chart {Chart} failed", id);
            return false;
        }
    }

    /// <summary>The x range a zoom chose, lowest first, or null (a double-click, a y-only zoom).</summary>
    public static (double Low, double High)? XRange(RelayoutEventData data) =>
        data.XRange is [var a, var b] && TryNumber(a, out var from) && TryNumber(b, out var to) ? (Math.Min(from, to), Math.Max(from, to)) : null;

    /// <summary>Whether the event is a double-click back to the whole range.</summary>
    public static bool IsAutorange(RelayoutEventData data) =>
        data.RawData is { } raw && raw.Keys.Any(k => k.Contains("autorange", StringComparison.Ordinal));

    private static bool TryNumber(object value, out double number)
    {
        number = value switch
        {
            double d => d,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } j => j.GetDouble(),
            _ => double.NaN,
        };
        return double.IsFinite(number) || double.TryParse(value?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out number);
    }
}
