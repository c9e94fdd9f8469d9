using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace K0sStandIn.Pki;

/// <summary>
/// A certificate authority with its key. Keys are ECDSA P-256: as good as k0s's RSA for every client involved
/// (Go, kubectl, etcd, .NET) and many times cheaper to generate on a busy 2-core lab machine.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    private CertificateAuthority(X509Certificate2 certificate, string certificatePem, string keyPem)
    {
        Certificate = certificate;
        CertificatePem = certificatePem;
        KeyPem = keyPem;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public static CertificateAuthority Create(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now - ClockSkew, now + CaLifetime);
        return FromPem(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public static CertificateAuthority FromPem(string certificatePem, string keyPem) =>
        new(X509Certificate2.CreateFromPem(certificatePem, keyPem), certificatePem, keyPem);

    public static CertificateAuthority Load(string basePath) =>
        FromPem(File.ReadAllText(basePath + ".crt"), File.ReadAllText(basePath + ".key"));

    public void Save(string basePath) => PemFiles.WritePair(basePath, new IssuedCertificate(CertificatePem, KeyPem));

    /// <summary>Issues a certificate for a new key pair.</summary>
    public IssuedCertificate Issue(CertificateProfile profile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(profile), key, HashAlgorithmName.SHA256);
        return new IssuedCertificate(Sign(request, profile).ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Signs a certificate signing request (PEM), keeping its subject; used for kubelet client certificates.</summary>
    public string SignRequest(string csrPem, CertificateProfile profile)
    {
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256);
        var request = new CertificateRequest(csr.SubjectName, csr.PublicKey, HashAlgorithmName.SHA256);
        return Sign(request, profile).ExportCertificatePem();
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA.</summary>
    public bool Issued(X509Certificate2 certificate) => Chains(Certificate, certificate);

    public static bool Chains(X509Certificate2 ca, X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Sign(CertificateRequest request, CertificateProfile profile)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usages = new OidCollection();
        if (profile.ServerAuth)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }

        if (profile.ClientAuth)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (profile.SubjectAlternativeNames.Count > 0)
        {
            var sans = new SubjectAlternativeNameBuilder();
            foreach (var name in profile.SubjectAlternativeNames)
            {
                if (IPAddress.TryParse(name, out var ip))
                {
                    sans.AddIpAddress(ip);
                }
                else
                {
                    sans.AddDnsName(name);
                }
            }

            request.CertificateExtensions.Add(sans.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var now = DateTimeOffset.UtcNow;
        return request.Create(Certificate, now - ClockSkew, now + LeafLifetime, serial);
    }

    private static X500DistinguishedName Subject(CertificateProfile profile)
    {
        var builder = new X500DistinguishedNameBuilder();
        foreach (var organization in profile.Organizations)
        {
            builder.AddOrganizationName(organization);
        }

        builder.AddCommonName(profile.CommonName);
        return builder.Build();
    }
}
