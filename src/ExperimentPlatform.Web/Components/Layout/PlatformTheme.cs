using MudBlazor;

namespace ExperimentPlatform.Web.Components.Layout;

/// <summary>The platform's light and dark palettes (contrast checked by the accessibility tests) and system fonts: nothing is fetched from outside.</summary>
public static class PlatformTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fbf",
            Secondary = "#6b3fa0",
            AppbarBackground = "#1d2a3a",
            Success = "#1b7a3a",
            Warning = "#9a5b00",
            Error = "#b3261e",
            Info = "#0b6a8a",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            Secondary = "#c5a3f0",
            Success = "#6fcf8f",
            Warning = "#f2b955",
            Error = "#f28b82",
            Info = "#7fd0ef",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
