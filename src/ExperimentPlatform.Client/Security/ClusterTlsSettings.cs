using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace ExperimentPlatform.Client.Security;

/// <summary>
/// Mutual TLS for Orleans traffic (configuration section <c>Orleans:Tls</c>): silo to silo and client to gateway. Every
/// node — silo or client — presents a certificate (a PFX file) and accepts a peer only if the peer's certificate is
/// one the cluster trusts: by thumbprint (<see cref="AllowedThumbprints"/>; empty: the node's own certificate, i.e.
/// one certificate shared by the cluster). Off by default (local development); on in deployments.
/// </summary>
public sealed class ClusterTlsSettings
{
    public const string Section = "Orleans:Tls";

    public bool Enabled { get; set; }

    /// <summary>A PFX (PKCS #12) file with the node's certificate and private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX's password (from a secret store or the environment, never from a committed file).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>SHA-1 thumbprints of the certificates peers may present; empty: only the node's own certificate.</summary>
    public List<string> AllowedThumbprints { get; set; } = [];

    public static ClusterTlsSettings Read(IConfiguration configuration)
    {
        var settings = new ClusterTlsSettings();
        configuration.GetSection(Section).Bind(settings);
        return settings;
    }

    /// <summary>The node's certificate, with a precise message when it cannot be used.</summary>
    public X509Certificate2 LoadCertificate()
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
            throw new InvalidOperationException("Orleans:Tls:Enabled is true, but Orleans:Tls:CertificatePath (a PFX file with the node's certificate and key) is not set");
        if (!File.Exists(CertificatePath))
            throw new InvalidOperationException($"Orleans:Tls:CertificatePath '{CertificatePath}' does not exist");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException($"Orleans:Tls:CertificatePath '{CertificatePath}' cannot be read as a PFX with Orleans:Tls:CertificatePassword: {e.Message}");
        }
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"Orleans:Tls:CertificatePath '{CertificatePath}' holds no private key; a node must prove it owns its certificate");
        return certificate;
    }

    /// <summary>The thumbprints a peer's certificate must have.</summary>
    public IReadOnlySet<string> Trusted(X509Certificate2 own) =>
        (AllowedThumbprints.Count == 0 ? [own.Thumbprint] : AllowedThumbprints).Select(t => t.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
}
