using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExperimentPlatform.Silo.Tests;

/// <summary>
/// Mutual TLS on the cluster's connections, switched on by configuration: two silo processes that share the cluster's
/// certificate form a cluster; a client with that certificate works; a client with none, or with a certificate the
/// cluster does not trust, cannot join.
/// </summary>
public sealed class ClusterTlsTests : IDisposable
{
    private readonly string _clusterId = $"tls-{Guid.NewGuid():N}"[..16];
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-tls-").FullName;
    private readonly List<PlatformProcess> _processes = [];

    /// <summary>A self-signed certificate (server and client authentication) saved as a PFX with a password.</summary>
    private string Certificate(string name, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(_folder, $"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private Dictionary<string, string> Silo(int siloPort, int gatewayPort, string role, string certificate, string password) => new()
    {
        ["ConnectionStrings__Storage"] = TestEnvironment.Storage,
        ["Orleans__ClusterId"] = _clusterId, ["Orleans__ServiceId"] = _clusterId,
        ["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans__Tls__Enabled"] = "true", ["Orleans__Tls__CertificatePath"] = certificate, ["Orleans__Tls__CertificatePassword"] = password,
        ["Silo__Role"] = role, ["Silo__Slots"] = role == "worker" ? "1" : "0", ["Catalog__ImportOnStart"] = "false",
        ["Worker__Directory"] = Path.Combine(_folder, $"worker-{siloPort}"),
    };

    private async Task<IHost> ClientAsync(int gateway, (string Path, string Password)? certificate)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ExperimentPlatform:Gateways:0"] = $"127.0.0.1:{gateway}", ["ExperimentPlatform:ClusterId"] = _clusterId, ["ExperimentPlatform:ServiceId"] = _clusterId,
        };
        if (certificate is { } c)
        {
            settings["Orleans:Tls:Enabled"] = "true";
            settings["Orleans:Tls:CertificatePath"] = c.Path;
            settings["Orleans:Tls:CertificatePassword"] = c.Password;
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddExperimentPlatformClient(builder.Configuration);
        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task Silos_sharing_the_cluster_certificate_serve_a_client_that_has_it_and_refuse_one_that_does_not()
    {
        const string password = "test-only-password";
        var cluster = Certificate("cluster", password);
        var stranger = Certificate("stranger", password);
        int workerPort = PlatformProcess.FreePort(), controlPort = PlatformProcess.FreePort(), gateway = PlatformProcess.FreePort();
        _processes.Add(PlatformProcess.Start("ExperimentPlatform.Silo", Silo(workerPort, PlatformProcess.FreePort(), "worker", cluster, password)));
        _processes.Add(PlatformProcess.Start("ExperimentPlatform.Silo", Silo(controlPort, gateway, "control", cluster, password)));
        var membership = new MembershipTable(TestEnvironment.Storage, _clusterId);
        string Logs() => string.Join("\n---\n", _processes.Select(p => p.Output[Math.Max(0, p.Output.Length - 3000)..]));
        await membership.WaitForAsync(s => s.GetValueOrDefault(workerPort) == "Active" && s.GetValueOrDefault(controlPort) == "Active", TimeSpan.FromSeconds(60), Logs);

        // With the cluster's certificate: the client joins, and the control silo reaches the worker (the scheduler
        // sees its slot, which only silo-to-silo traffic tells it).
        using (var trusted = await ClientAsync(gateway, (cluster, password)))
        {
            var runs = trusted.Services.GetRequiredService<RunsClient>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!(await runs.GetSchedulerAsync()).Workers.Any(w => w.Slots == 1))
            {
                Assert.True(DateTime.UtcNow < deadline, "the scheduler never saw the worker's slot\n" + Logs());
                await Task.Delay(200);
            }
        }

        // Without a certificate (plain TCP), or with one the cluster does not trust: the gateway refuses the handshake
        // every time the client tries, and the client never joins.
        var gatewayLog = _processes[1];
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClientAsync(gateway, null));
        Assert.Contains("Cannot determine the frame size or a corrupted frame was received", gatewayLog.Output);
        Assert.DoesNotContain("The remote certificate was rejected", gatewayLog.Output);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClientAsync(gateway, (stranger, password)));
        Assert.Contains("The remote certificate was rejected by the provided RemoteCertificateValidationCallback", gatewayLog.Output);
        Assert.All(_processes, p => Assert.False(p.HasExited, Logs()));
    }

    [Fact]
    public void A_certificate_that_cannot_be_used_is_refused_with_the_setting_named()
    {
        var path = Certificate("node", "right");
        string Refused(ExperimentPlatform.Client.Security.ClusterTlsSettings settings) => Assert.Throws<InvalidOperationException>(() => settings.LoadCertificate()).Message;
        Assert.Contains("Orleans:Tls:CertificatePath (a PFX file", Refused(new() { Enabled = true }));
        Assert.Contains("does not exist", Refused(new() { Enabled = true, CertificatePath = path + ".missing" }));
        Assert.Contains("cannot be read as a PFX with Orleans:Tls:CertificatePassword", Refused(new() { Enabled = true, CertificatePath = path, CertificatePassword = "wrong" }));
        using var publicOnly = X509CertificateLoader.LoadPkcs12FromFile(path, "right");
        var certOnly = Path.Combine(_folder, "public.pfx");
        File.WriteAllBytes(certOnly, X509CertificateLoader.LoadCertificate(publicOnly.Export(X509ContentType.Cert)).Export(X509ContentType.Pfx, "right"));
        Assert.Contains("holds no private key", Refused(new() { Enabled = true, CertificatePath = certOnly, CertificatePassword = "right" }));
        using var own = new ExperimentPlatform.Client.Security.ClusterTlsSettings { CertificatePath = path, CertificatePassword = "right" }.LoadCertificate();
        Assert.Equal([own.Thumbprint], new ExperimentPlatform.Client.Security.ClusterTlsSettings().Trusted(own));
        Assert.Equal(["AB12"], new ExperimentPlatform.Client.Security.ClusterTlsSettings { AllowedThumbprints = ["ab 12"] }.Trusted(own));
    }

    public void Dispose()
    {
        foreach (var process in _processes)
            process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
