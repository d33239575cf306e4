using System.CommandLine;
using System.Text.Json;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Training.Tokenization;

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
        catch (Exception e) when (e is PlatformException or ArgumentException or FileNotFoundException or DirectoryNotFoundException
                                      or InvalidOperationException or InvalidDataException)
        {
            if (json)
                Console.Out.WriteLine(JsonSerializer.Serialize(new { @event = "error", message = e.Message, field = (e as PlatformException)?.Field }));
            Console.Error.WriteLine($"ep: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("ep: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            return Unexpected(json, e);
        }
    }

    /// <summary>The async form for cluster commands: platform errors (refused spec, unknown run, wrong state, timeout) print one line and exit 2.</summary>
    public static async Task<int> RunAsync(bool json, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is PlatformException or ArgumentException or TimeoutException or InvalidOperationException or FileNotFoundException)
        {
            if (json)
                Console.Out.WriteLine(JsonSerializer.Serialize(new { @event = "error", message = e.Message, field = (e as PlatformException)?.Field, kind = (e as PlatformException)?.Kind.ToString().ToLowerInvariant() }));
            Console.Error.WriteLine($"ep: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("ep: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            return Unexpected(json, e);
        }
    }

    /// <summary>
    /// A failure that is not the user's (an overflow, libtorch out of memory): its message is the one line, as the
    /// JSON error event a worker reports as the run's error; the stack goes to stderr, which the worker keeps in the
    /// run's log. Exit code 1.
    /// </summary>
    private static int Unexpected(bool json, Exception e)
    {
        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(new { @event = "error", message = e.Message, exception = e.GetType().FullName }));
        Console.Error.WriteLine($"ep: {e.Message}");
        Console.Error.WriteLine(e.ToString());
        return 1;
    }

    /// <summary><c>--token-cache</c>: a folder, or "off"; by default $EP_TOKEN_CACHE, else $XDG_CACHE_HOME/ep/tokens, else ~/.cache/ep/tokens.</summary>
    public static Option<string?> TokenCacheOption() => new("--token-cache")
    {
        Description = "Folder keeping datasets' token ids between runs, or 'off' (default: $EP_TOKEN_CACHE or ~/.cache/ep/tokens)",
    };

    public static TokenCache? TokenCacheFrom(string? option)
    {
        var folder = option ?? Environment.GetEnvironmentVariable("EP_TOKEN_CACHE");
        if (string.IsNullOrWhiteSpace(folder))
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrWhiteSpace(root))
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            folder = Path.Combine(root, "ep", "tokens");
        }
        return folder == "off" ? null : new TokenCache(folder);
    }

    public static T ParseEnum<T>(string value, string option) where T : struct, Enum
    {
        var compact = value.Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse<T>(compact, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ArgumentException($"{option}: '{value}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n)))}");
    }
}
