using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace ExperimentPlatform.Security;

/// <summary>Applies <see cref="ClusterTlsSettings"/> to silos and clients alike: present our certificate, require the peer's, accept only trusted ones.</summary>
public static class ClusterTls
{
    public static void Configure(TlsOptions options, X509Certificate2 certificate, IReadOnlySet<string> trusted)
    {
        options.LocalCertificate = certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Trust is by thumbprint, not by a public CA chain: self-signed cluster certificates are the common case.
        options.RemoteCertificateValidation = (remote, _, _) => remote is not null && trusted.Contains(remote.Thumbprint.ToUpperInvariant());
    }
}
