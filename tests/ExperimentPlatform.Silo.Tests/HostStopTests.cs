using System.Diagnostics;
using ExperimentPlatform.Testing;

namespace ExperimentPlatform.Silo.Tests;

/// <summary>
/// A host stops within its deadline on SIGTERM even when its storage is gone (Orleans alone retries its membership
/// writes for two minutes, past a container's grace period).
/// </summary>
public sealed class HostStopTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-stop-").FullName;
    private Process? _azurite;

    [Fact]
    public async Task A_silo_whose_storage_is_gone_exits_at_its_stop_deadline_saying_why()
    {
        var (blob, table) = (PlatformProcess.FreePort(), PlatformProcess.FreePort());
        _azurite = StartAzurite(blob, table);
        var health = PlatformProcess.FreePort();
        using var silo = PlatformProcess.Start("ExperimentPlatform.Silo", new Dictionary<string, string>
        {
            ["ConnectionStrings__Storage"] = OwnStorage(blob, table),
            ["Orleans__ClusterId"] = "stop", ["Orleans__ServiceId"] = "stop",
            ["Orleans__SiloPort"] = $"{PlatformProcess.FreePort()}", ["Orleans__GatewayPort"] = $"{PlatformProcess.FreePort()}",
            ["Health__Urls"] = $"http://127.0.0.1:{health}", ["Worker__Directory"] = Path.Combine(_folder, "worker"),
            ["Host__StopDeadlineSeconds"] = "10",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{health}") };
        await Eventually.WaitUntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the silo to be ready\n" + silo.Output, TimeSpan.FromSeconds(90));

        _azurite.Kill(entireProcessTree: true);
        await _azurite.WaitForExitAsync();
        var clock = Stopwatch.StartNew();
        silo.Terminate();

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the silo still runs 30 s after SIGTERM\n" + silo.Output);
        Assert.InRange(clock.Elapsed.TotalSeconds, 9, 20);
        Assert.Contains("The host did not stop within 10 s", silo.Output);
    }

    /// <summary>The shared Azurite's account (./test.sh's), at this test's own Azurite's ports.</summary>
    private static string OwnStorage(int blob, int table)
    {
        var settings = TestEnvironment.Storage.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var account = settings["AccountName"];
        return $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={settings["AccountKey"]};BlobEndpoint=http://127.0.0.1:{blob}/{account};TableEndpoint=http://127.0.0.1:{table}/{account};";
    }

    /// <summary>An Azurite of this test's own (the repository's node_modules), so the test can take it away.</summary>
    private Process StartAzurite(int blob, int table)
    {
        var root = Path.GetFullPath(Path.Combine(PlatformProcess.BuildOutputOf("ExperimentPlatform.Silo"), "..", "..", "..", "..", ".."));
        var start = new ProcessStartInfo(Path.Combine(root, "node_modules", ".bin", "azurite"))
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--location", Path.Combine(_folder, "azurite"),
                     "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{PlatformProcess.FreePort()}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{table}" })
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    public void Dispose()
    {
        if (_azurite is { HasExited: false })
            _azurite.Kill(entireProcessTree: true);
        _azurite?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
