using System.Diagnostics;

namespace ExperimentPlatform.Deploy.Tests;

/// <summary>The repository these tests check, and the tools they run on it.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Runs a tool in the repository root; a missing tool fails with how to install it.</summary>
    public static (int Code, string Stdout, string Stderr) Run(string tool, string installHint, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"'{tool}' is not installed: {installHint}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>Files git tracks (or would track: untracked files that are not ignored).</summary>
    public static IReadOnlyList<string> Files()
    {
        var (code, stdout, stderr) = Run("git", "apt-get install git", "ls-files", "--cached", "--others", "--exclude-standard");
        Assert.True(code == 0, stderr);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(PathOf(f)))];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ExperimentPlatform.sln")))
                return dir.FullName;
        throw new InvalidOperationException("the repository root (ExperimentPlatform.sln) is not above the test's folder");
    }
}
