using System.Net;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Web.Identity;

/// <summary>Whether a request comes from where the development identity is trusted: loopback, or a configured network.</summary>
public sealed class DevelopmentNetworkCheck(IOptions<AuthenticationSettings> settings)
{
    public bool Trusts(IPAddress? remote)
    {
        if (remote is null)
            return false;
        if (IPAddress.IsLoopback(remote))
            return true;
        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return settings.Value.ParseDevelopmentNetworks().Any(n => n.Contains(address));
    }

    public string Refusal(IPAddress? remote) =>
        $"the development identity is accepted only from loopback (or Authentication:DevelopmentNetworks), not from {remote?.ToString() ?? "an unknown address"}";
}
