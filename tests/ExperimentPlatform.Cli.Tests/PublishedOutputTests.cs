using System.Diagnostics;

namespace ExperimentPlatform.Cli.Tests;

public sealed class PublishedOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-publish-").FullName;

    private void Publish()
    {
        var publish = new ProcessStartInfo("dotnet", ["publish", Path.Combine(Ep.RepositoryRoot, "src", "ExperimentPlatform.Cli"),
            "-c", Ep.Configuration, "--no-build", "-o", _folder, "-nologo"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(publish)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
    }

    private (int ExitCode, string Stdout, string Stderr) TrainTiny(IReadOnlyDictionary<string, string> environment)
    {
        var data = Path.Combine(_folder, "tiny.txt");
        File.WriteAllText(data, string.Concat(Enumerable.Repeat("It was the best of times, it was the worst of times. ", 40)));
        return Ep.RunDll(Path.Combine(_folder, "ep.dll"), environment, "train", "--data", data, "--tokenizer", "bytes", "--config", "tiny",
            "--layers", "1", "--width", "32", "--heads", "2", "--context", "32", "--steps", "3", "--batch-size", "2",
            "--device", "cpu", "--json", "--out", Path.Combine(_folder, "run-" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public void The_published_ep_loads_libtorch_and_trains()
    {
        Publish();
        var result = TrainTiny(new Dictionary<string, string>());
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(3, Ep.Events(result.Stdout).Count(e => e.GetProperty("event").GetString() == "step"));
    }

    [Fact]
    public void Without_a_packaged_libtorch_ep_runs_on_the_folder_EP_LIBTORCH_names()
    {
        Publish();
        // Take libtorch out of the published app (as a TorchBackend=none build ships it) into a folder of its own,
        // the way a PyTorch install's torch/lib sits outside the app; only TorchSharp's own shim stays.
        var natives = Path.Combine(_folder, "runtimes", "linux-x64", "native");
        var external = Directory.CreateDirectory(Path.Combine(_folder, "external-libtorch")).FullName;
        foreach (var file in Directory.GetFiles(natives).Where(f => Path.GetFileName(f) != "libLibTorchSharp.so"))
            File.Move(file, Path.Combine(external, Path.GetFileName(file)));

        var without = TrainTiny(new Dictionary<string, string>());
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("libtorch could not be loaded", without.Stderr);
        Assert.Contains("EP_LIBTORCH", without.Stderr);

        var with = TrainTiny(new Dictionary<string, string> { ["EP_LIBTORCH"] = external });
        Assert.True(with.ExitCode == 0, with.Stderr);
        Assert.Equal(3, Ep.Events(with.Stdout).Count(e => e.GetProperty("event").GetString() == "step"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
