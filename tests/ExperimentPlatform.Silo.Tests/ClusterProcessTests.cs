using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace ExperimentPlatform.Silo.Tests;

/// <summary>
/// A deployment in miniature, every piece a real process: a worker silo, a control silo and the web host in
/// cluster mode (an Orleans client), over the test run's Azurite.
/// </summary>
public sealed class ClusterProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Storage = TestEnvironment.Storage;

    private readonly string _clusterId = $"e2e-{Guid.NewGuid():N}"[..16];
    private readonly List<PlatformProcess> _processes = [];

    private Dictionary<string, string> Common(int siloPort, int gatewayPort) => new()
    {
        ["ConnectionStrings__Storage"] = Storage,
        ["Storage__DatasetContainer"] = $"datasets-{_clusterId}",
        ["Storage__DatasetTable"] = $"datasets{_clusterId.Replace("-", "", StringComparison.Ordinal)}",
        ["Orleans__ClusterId"] = _clusterId,
        ["Orleans__ServiceId"] = _clusterId,
        ["Orleans__SiloPort"] = siloPort.ToString(),
        ["Orleans__GatewayPort"] = gatewayPort.ToString(),
        ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Catalog__ImportOnStart"] = "false",
    };

    private PlatformProcess Start(string project, Dictionary<string, string> environment)
    {
        var process = PlatformProcess.Start(project, environment);
        _processes.Add(process);
        return process;
    }

    private string Logs() => string.Join("\n---\n", _processes.Select(p => p.Output[Math.Max(0, p.Output.Length - 3000)..]));

    [Fact]
    public async Task Web_client_serves_datasets_through_the_silos_and_a_killed_silo_is_declared_dead_within_seconds()
    {
        int workerPort = PlatformProcess.FreePort(), controlPort = PlatformProcess.FreePort(), gateway = PlatformProcess.FreePort();
        var worker = Start("ExperimentPlatform.Silo", new(Common(workerPort, PlatformProcess.FreePort())) { ["Silo__Role"] = "worker", ["Silo__Slots"] = "2" });
        Start("ExperimentPlatform.Silo", new(Common(controlPort, gateway)) { ["Silo__Role"] = "control", ["Silo__Slots"] = "0" });
        var membership = new MembershipTable(Storage, _clusterId);
        await membership.WaitForAsync(s => s.GetValueOrDefault(workerPort) == "Active" && s.GetValueOrDefault(controlPort) == "Active",
            TimeSpan.FromSeconds(60), Logs);

        var webPort = PlatformProcess.FreePort();
        Start("ExperimentPlatform.Web", new(Common(0, 0))
        {
            ["Platform__Mode"] = "cluster",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{webPort}",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
        await WaitForHealthAsync(http);

        var csv = new StringContent("text,label\nFree money now,spam\nAgenda for Monday,ham\nCheap meds,spam\nLunch?,ham\n", Encoding.UTF8, "text/csv");
        var created = await http.PostAsync("/api/datasets/e2e-mail/versions?version=v1&kind=classification&fileName=mail.csv", csv);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync() + Logs());

        worker.KillHard();
        var noticed = await membership.WaitForAsync(s => s.GetValueOrDefault(workerPort) == "Dead", TimeSpan.FromSeconds(15), Logs);
        output.WriteLine($"killed silo declared dead after {noticed.TotalSeconds:F2} s");
        Assert.True(noticed < TimeSpan.FromSeconds(10), $"dead silo declared after {noticed.TotalSeconds:F1} s");

        // The dataset's grain may have lived on the dead silo; it comes back from storage on the survivor.
        var dataset = await http.GetFromJsonAsync<JsonElement>("/api/datasets/e2e-mail");
        Assert.Equal(4, dataset.GetProperty("versions")[0].GetProperty("statistics").GetProperty("documents").GetInt64());
    }

    private async Task WaitForHealthAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (_processes.Any(p => p.HasExited))
                break;
            await Task.Delay(200);
        }
        throw new TimeoutException("the web host did not become healthy\n" + Logs());
    }

    public void Dispose()
    {
        foreach (var process in _processes)
            process.Dispose();
    }
}
