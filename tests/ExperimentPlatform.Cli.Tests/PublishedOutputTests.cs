using System.Diagnostics;

namespace ExperimentPlatform.Cli.Tests;

public sealed class PublishedOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-publish-").FullName;

    [Fact]
    public void The_published_ep_loads_libtorch_and_trains()
    {
        var publish = new ProcessStartInfo("dotnet", ["publish", Path.Combine(Ep.RepositoryRoot, "src", "ExperimentPlatform.Cli"),
            "-c", Ep.Configuration, "--no-build", "-o", _folder, "-nologo"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var process = Process.Start(publish)!)
        {
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, output);
        }
        var data = Path.Combine(_folder, "tiny.txt");
        File.WriteAllText(data, string.Concat(Enumerable.Repeat("It was the best of times, it was the worst of times. ", 40)));
        var result = Ep.RunDll(Path.Combine(_folder, "ep.dll"), "train", "--data", data, "--tokenizer", "bytes", "--config", "tiny",
            "--layers", "1", "--width", "32", "--heads", "2", "--context", "32", "--steps", "3", "--batch-size", "2",
            "--device", "cpu", "--json", "--out", Path.Combine(_folder, "run"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(3, Ep.Events(result.Stdout).Count(e => e.GetProperty("event").GetString() == "step"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
