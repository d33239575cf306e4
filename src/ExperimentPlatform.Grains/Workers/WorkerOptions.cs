namespace ExperimentPlatform.Grains.Workers;

/// <summary>How a worker silo runs training processes (configuration section "Worker").</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>
    /// The <c>ep</c> command that trains: a path to <c>ep.dll</c> (started with <see cref="Dotnet"/>) or to an <c>ep</c>
    /// executable. Empty: <c>ep.dll</c> next to this host, else the repository's build of it.
    /// </summary>
    public string Ep { get; set; } = "";

    /// <summary>The .NET host that starts <c>ep.dll</c>.</summary>
    public string Dotnet { get; set; } = "dotnet";

    /// <summary>Local working folder: dataset copies, run folders, token cache. Empty: a folder under the temp directory.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Seconds a stopping worker waits for its runs to checkpoint and hand back before it lets them go.</summary>
    public int HandBackSeconds { get; set; } = 30;

    public string ResolveDirectory(string silo) => Directory is { Length: > 0 }
        ? Directory
        : Path.Combine(Path.GetTempPath(), "ep-worker", silo.Replace(':', '_').Replace('@', '_'));

    /// <summary>The command line prefix that starts <c>ep</c>.</summary>
    public (string FileName, string[] Prefix) ResolveEp()
    {
        var ep = Ep;
        if (ep.Length == 0)
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "ep.dll");
            ep = File.Exists(beside) ? beside : FindBuiltEp()
                ?? throw new InvalidOperationException("Worker:Ep is not set and no ep.dll was found beside the host or in the repository's build output");
        }
        return ep.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? (Dotnet, [ep]) : (ep, []);
    }

    private static string? FindBuiltEp()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "ExperimentPlatform.sln")))
                continue;
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "src", "ExperimentPlatform.Cli", "bin", configuration, "net10.0", "ep.dll");
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }
}
