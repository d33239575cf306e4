using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ExperimentPlatform.Silo.Tests;

/// <summary>A host of this repository (silo or web) started as a real process, as a deployment would run it.</summary>
public sealed class PlatformProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PlatformProcess(string project, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(BuildOutput(project), project + ".dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static PlatformProcess Start(string project, IReadOnlyDictionary<string, string> environment) => new(project, environment);

    /// <summary>SIGKILL: the process gets no chance to leave the cluster.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGKILL of this process alone: its children (a worker's training processes) see their stdin close.</summary>
    public void KillHardAlone()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the host stops gracefully (a worker hands its runs back first).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The build output folder of a src/ project (…/bin/{Configuration}/net10.0).</summary>
    public static string BuildOutputOf(string project) => BuildOutput(project);

    /// <summary>The build output of a src/ project in the configuration these tests were built with.</summary>
    private static string BuildOutput(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ExperimentPlatform.sln")))
            root = root.Parent;
        if (root is null)
            throw new InvalidOperationException($"no ExperimentPlatform.sln above {here}");
        var configuration = here.Parent!.Name; // …/bin/{Configuration}/net10.0/
        return Path.Combine(root.FullName, "src", project, "bin", configuration, here.Name);
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            KillHard();
        _process.Dispose();
    }
}
