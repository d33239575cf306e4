using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace ExperimentPlatform.Client;

public static class ClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PlatformClient"/> (datasets and runs) from the "ExperimentPlatform" section. When it names
    /// gateways, an Orleans client connecting to them is registered too; otherwise the host provides one.
    /// </summary>
    public static IServiceCollection AddExperimentPlatformClient(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(PlatformClientOptions.Section);
        var options = new PlatformClientOptions();
        section.Bind(options);
        services.Configure<PlatformClientOptions>(section);
        if (options.Gateways.Count > 0)
        {
            var endpoints = options.Gateways.Select(ParseEndpoint).ToList();
            services.AddOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = options.ClusterId;
                    o.ServiceId = options.ServiceId;
                });
                client.UseStaticClustering(o => o.Configure(s => s.Gateways = [.. endpoints.Select(e => e.ToGatewayUri())]));
                client.UseClusterTls(configuration);
            });
        }
        services.AddSingleton<PlatformClient>();
        services.AddSingleton(s => s.GetRequiredService<PlatformClient>().Runs);
        services.AddSingleton(s => s.GetRequiredService<PlatformClient>().Datasets);
        services.AddSingleton(s => s.GetRequiredService<PlatformClient>().Models);
        services.AddSingleton(s => s.GetRequiredService<PlatformClient>().Access);
        services.AddSingleton(s => s.GetRequiredService<PlatformClient>().Inference);
        services.AddSingleton(s => s.GetRequiredService<PlatformClient>().Cluster);
        return services;
    }

    /// <summary>Mutual TLS to the gateways when <c>Orleans:Tls:Enabled</c> (the silos' section and settings).</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, IConfiguration configuration) =>
        Security.ClusterTls.FromConfiguration(configuration) is { } tls ? client.UseTls(tls.Certificate, tls.Configure) : client;

    private static IPEndPoint ParseEndpoint(string gateway)
    {
        var colon = gateway.LastIndexOf(':');
        if (colon < 1 || !int.TryParse(gateway[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"ExperimentPlatform:Gateways: '{gateway}' is not host:port (e.g. 127.0.0.1:30000)");
        var host = gateway[..colon];
        var address = IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).FirstOrDefault()
            ?? throw new ArgumentException($"ExperimentPlatform:Gateways: host '{host}' does not resolve");
        return new IPEndPoint(address, port);
    }
}
