using System.Diagnostics;
using System.Text.Json;

namespace ExperimentPlatform.Cli.Tests;

/// <summary>Runs the built <c>ep</c> (or a published copy) as a separate process and collects its output.</summary>
internal static class Ep
{
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ExperimentPlatform.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("no ExperimentPlatform.sln above the test output");
        }
    }

    /// <summary>Debug or Release: the configuration these tests were built in (…/bin/{Configuration}/net10.0/).</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string BuiltDll => Path.Combine(RepositoryRoot, "src", "ExperimentPlatform.Cli", "bin", Configuration, "net10.0", "ep.dll");

    public static (int ExitCode, string Stdout, string Stderr) RunDll(string dll, params string[] arguments) =>
        RunDll(dll, new Dictionary<string, string>(), arguments);

    public static (int ExitCode, string Stdout, string Stderr) RunDll(string dll, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunDll(dll, environment, null, arguments);

    /// <summary>The built ep with <paramref name="input"/> on its stdin (closed after it).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunWithInput(string input, params string[] arguments) =>
        RunDll(BuiltDll, new Dictionary<string, string>(), input, arguments);

    private static (int ExitCode, string Stdout, string Stderr) RunDll(string dll, IReadOnlyDictionary<string, string> environment, string? input, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false,
        };
        start.Environment["EP_TOKEN_CACHE"] = "off"; // tests that want a token cache pass --token-cache
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ep {string.Join(' ', arguments)} did not finish in 5 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments) => RunDll(BuiltDll, arguments);

    /// <summary>The JSON events of a --json run.</summary>
    public static List<JsonElement> Events(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
