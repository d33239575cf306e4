using System.Text.Json;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Cli.Commands;

/// <summary>Shared command plumbing: clear errors instead of stack traces, exit codes.</summary>
internal static class Cli
{
    /// <summary>Runs <paramref name="body"/>; a user error prints one line (JSON with --json) and exits 2.</summary>
    public static int Run(bool json, Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or DatasetInputException or FileNotFoundException or DirectoryNotFoundException
                                      or InvalidOperationException or InvalidDataException)
        {
            if (json)
                Console.Out.WriteLine(JsonSerializer.Serialize(new { @event = "error", message = e.Message }));
            Console.Error.WriteLine($"ep: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("ep: cancelled");
            return 130;
        }
    }

    public static T ParseEnum<T>(string value, string option) where T : struct, Enum
    {
        var compact = value.Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse<T>(compact, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ArgumentException($"{option}: '{value}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n)))}");
    }
}
