using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ExperimentPlatform.Web.Components.Shared;

/// <summary>The page's visibility observer (<c>ep.forget</c> in wwwroot), for components that watched an element.</summary>
internal static class VisibilityObserver
{
    /// <summary>
    /// How long a component going away waits for the page to let go of its element. When a tab closes, its circuit is
    /// disposed while it still counts as connected, and a JS call would wait out JS interop's default minute for a page
    /// that is gone, holding the circuit's disposal (and a stopping server, measured: 60 s) for nothing.
    /// </summary>
    public static readonly TimeSpan ForgetTimeout = TimeSpan.FromSeconds(2);

    public static async Task ForgetAsync(IJSRuntime js, ElementReference element)
    {
        using var timeout = new CancellationTokenSource(ForgetTimeout);
        try
        {
            await js.InvokeVoidAsync("ep.forget", timeout.Token, element);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or OperationCanceledException or InvalidOperationException)
        {
            // The page is gone or going: nothing is left to forget.
        }
    }
}
