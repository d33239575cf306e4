using System.Globalization;

namespace ExperimentPlatform.Web.Services;

/// <summary>How numbers, sizes, durations and times read on the pages.</summary>
public static class Formats
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>A metric value with about four significant digits: 2.3412, 0.0003120, 1.2e+06.</summary>
    public static string Metric(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsInfinity(value) ? (value > 0 ? "∞" : "-∞")
        : value == 0 ? "0"
        : Math.Abs(value) is >= 1e-3 and < 1e5 ? value.ToString("0.####", Culture)
        : value.ToString("0.###e+0", Culture);

    public static string Metric(double? value) => value is { } v ? Metric(v) : "—";

    public static string Count(long value) => value.ToString("N0", Culture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB",
    };

    public static string Duration(TimeSpan d) =>
        d.TotalSeconds < 1 ? $"{d.TotalMilliseconds:0} ms"
        : d.TotalMinutes < 1 ? $"{d.TotalSeconds:0.#} s"
        : d.TotalHours < 1 ? $"{(int)d.TotalMinutes} min {d.Seconds} s"
        : d.TotalDays < 1 ? $"{(int)d.TotalHours} h {d.Minutes} min"
        : $"{(int)d.TotalDays} d {d.Hours} h";

    /// <summary>"3 min ago", "2 h ago", or the date for anything older than a week.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var d = now - at;
        return d.TotalSeconds < 60 ? "just now"
            : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes} min ago"
            : d.TotalHours < 24 ? $"{(int)d.TotalHours} h ago"
            : d.TotalDays < 7 ? $"{(int)d.TotalDays} d ago"
            : Time(at);
    }

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Culture);

    public static string Lower<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
