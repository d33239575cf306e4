using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace ExperimentPlatform.Client.Security;

/// <summary>Applies <see cref="ClusterTlsSettings"/> to silos and clients alike: present our certificate, require the peer's, accept only trusted ones.</summary>
public static class ClusterTls
{
    /// <summary>
    /// The node's certificate and the TLS options for Orleans' <c>UseTls</c> (silo or client builder), or null when
    /// <c>Orleans:Tls:Enabled</c> is false; an unusable certificate throws, naming the setting.
    /// </summary>
    public static (X509Certificate2 Certificate, Action<TlsOptions> Configure)? FromConfiguration(IConfiguration configuration)
    {
        var settings = ClusterTlsSettings.Read(configuration);
        if (!settings.Enabled)
            return null;
        var certificate = settings.LoadCertificate();
        var trusted = settings.Trusted(certificate);
        return (certificate, options => Configure(options, certificate, trusted));
    }

    private static void Configure(TlsOptions options, X509Certificate2 certificate, IReadOnlySet<string> trusted)
    {
        options.LocalCertificate = certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Trust is by thumbprint, not by a public CA chain: self-signed cluster certificates are the common case.
        options.RemoteCertificateValidation = (remote, _, _) => remote is not null && trusted.Contains(remote.Thumbprint.ToUpperInvariant());
    }
}
