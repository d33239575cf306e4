using System.Globalization;

namespace ExperimentPlatform.Web.Services;

/// <summary>
/// One colour per compared run, by its place in the comparison, the same on every chart, table and answer: ten
/// qualitative colours first (Tableau 10, readable on light and dark), then hues a golden angle apart for runs 11–50.
/// </summary>
public static class RunColours
{
    private static readonly string[] Qualitative =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    public static string For(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index < Qualitative.Length)
            return Qualitative[index];
        var hue = (index - Qualitative.Length) * 137.508 % 360;
        var lightness = 0.42 + 0.12 * ((index / 7) % 2);
        return Hex(hue, 0.62, lightness);
    }

    private static string Hex(double hue, double saturation, double lightness)
    {
        var c = (1 - Math.Abs(2 * lightness - 1)) * saturation;
        var x = c * (1 - Math.Abs(hue / 60 % 2 - 1));
        var m = lightness - c / 2;
        var (r, g, b) = hue switch
        {
            < 60 => (c, x, 0.0),
            < 120 => (x, c, 0.0),
            < 180 => (0.0, c, x),
            < 240 => (0.0, x, c),
            < 300 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return string.Create(CultureInfo.InvariantCulture, $"#{Byte(r + m):x2}{Byte(g + m):x2}{Byte(b + m):x2}");
    }

    private static int Byte(double value) => (int)Math.Round(Math.Clamp(value, 0, 1) * 255);
}
