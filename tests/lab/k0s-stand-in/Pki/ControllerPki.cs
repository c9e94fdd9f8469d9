using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using K0sStandIn.Config;
using K0sStandIn.Hosting;
using K0sStandIn.Join;
using K0sStandIn.Kube;

namespace K0sStandIn.Pki;

/// <summary>Creates, fetches and issues a controller's certificates, as k0s's certificate manager does.</summary>
internal static class ControllerPki
{
    /// <summary>The cluster CA: created by the first controller, fetched from the join API by the others.</summary>
    public static CertificateAuthority EnsureClusterCa(PkiLayout layout, CaResponse? fetched)
    {
        if (!PkiLayout.Exists(layout.ClusterCa))
        {
            if (fetched is not null)
            {
                PemFiles.WritePair(layout.ClusterCa, new IssuedCertificate(Text(fetched.Cert), Text(fetched.Key)));
                PemFiles.WriteKey(layout.ServiceAccountKey, Text(fetched.SaKey));
                PemFiles.WriteCertificate(layout.ServiceAccountPub, Text(fetched.SaPub));
            }
            else
            {
                using var created = CertificateAuthority.Create("kubernetes-ca");
                created.Save(layout.ClusterCa);
                using var serviceAccount = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                PemFiles.WriteKey(layout.ServiceAccountKey, serviceAccount.ExportPkcs8PrivateKeyPem());
                PemFiles.WriteCertificate(layout.ServiceAccountPub, serviceAccount.ExportSubjectPublicKeyInfoPem());
            }
        }

        return CertificateAuthority.Load(layout.ClusterCa);
    }

    /// <summary>What the join API hands a joining controller: the cluster CA and the service-account keys.</summary>
    public static CaResponse CaResponseFor(PkiLayout layout) => new(
        Bytes(File.ReadAllText(layout.ClusterCa + ".key")),
        Bytes(File.ReadAllText(layout.ClusterCa + ".crt")),
        Bytes(File.ReadAllText(layout.ServiceAccountKey)),
        Bytes(File.ReadAllText(layout.ServiceAccountPub)));

    public static CaResponse EtcdCaResponseFor(PkiLayout layout) => new(
        Bytes(File.ReadAllText(layout.EtcdCa + ".key")), Bytes(File.ReadAllText(layout.EtcdCa + ".crt")), [], []);

    /// <summary>The etcd CA (created or fetched) and this member's server, peer and client certificates.</summary>
    public static void EnsureEtcd(PkiLayout layout, CaResponse? fetchedCa, HostFacts host, string peerAddress)
    {
        if (fetchedCa is not null)
        {
            PemFiles.WritePair(layout.EtcdCa, new IssuedCertificate(Text(fetchedCa.Cert), Text(fetchedCa.Key)));
        }
        else if (!PkiLayout.Exists(layout.EtcdCa))
        {
            using var created = CertificateAuthority.Create("etcd-ca");
            created.Save(layout.EtcdCa);
        }

        using var ca = CertificateAuthority.Load(layout.EtcdCa);
        string[] names = ["127.0.0.1", "localhost", peerAddress, host.Hostname];
        IssueUnlessCurrent(ca, layout.EtcdServer, CertificateProfile.Server("etcd-server", names), names);
        IssueUnlessCurrent(ca, layout.EtcdPeer, CertificateProfile.Server(host.Hostname, names), names);
        IssueUnlessCurrent(ca, layout.EtcdClient, CertificateProfile.Client("apiserver-etcd-client", "system:masters"), []);
    }

    /// <summary>The API's serving certificate, re-issued at every start so its SANs follow the config.</summary>
    public static void IssueApiServer(PkiLayout layout, CertificateAuthority ca, ClusterConfig config, HostFacts host)
    {
        var api = config.Spec.Api;
        var vips = config.Spec.Network.ControlPlaneLoadBalancing is { Enabled: true } cplb
            ? (cplb.Keepalived?.VrrpInstances ?? []).SelectMany(v => v.VirtualIps ?? []).Select(v => v.Split('/')[0])
            : [];
        var sans = new List<string>
        {
            "kubernetes", "kubernetes.default", "kubernetes.default.svc",
            $"kubernetes.default.svc.{config.Spec.Network.ClusterDomain}", "localhost", "127.0.0.1",
            FirstServiceAddress(config.Spec.Network.ServiceCidr), host.Hostname,
        };
        sans.AddRange(host.AllAddresses);
        sans.AddRange(api.Sans ?? []);
        sans.AddRange(vips);
        if (api.Address is not null)
        {
            sans.Add(api.Address);
        }

        if (!string.IsNullOrEmpty(api.ExternalAddress))
        {
            sans.Add(api.ExternalAddress);
        }

        PemFiles.WritePair(layout.ApiServer, ca.Issue(CertificateProfile.Server("kube-apiserver", sans)));
    }

    /// <summary>admin.conf: the cluster admin's kubeconfig, pointing at this controller's own API.</summary>
    public static void EnsureAdminKubeconfig(K0sVars vars, PkiLayout layout, CertificateAuthority ca, int apiPort)
    {
        if (!PkiLayout.Exists(layout.Admin))
        {
            PemFiles.WritePair(layout.Admin, ca.Issue(CertificateProfile.Client("kubernetes-admin", "system:masters")));
        }

        if (File.Exists(vars.AdminKubeConfigPath))
        {
            return;
        }

        var kubeconfig = new Kubeconfig($"https://localhost:{apiPort}", ca.CertificatePem)
        {
            ClientCertificatePem = File.ReadAllText(layout.Admin + ".crt"),
            ClientKeyPem = File.ReadAllText(layout.Admin + ".key"),
            Namespace = "default",
        };
        PemFiles.Write(vars.AdminKubeConfigPath, kubeconfig.Render(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>
    /// Issues a leaf unless the one there is signed by <paramref name="ca"/> and names every one of
    /// <paramref name="names"/>, as k0s's certificate manager re-issues at start (pkg/certificate regenerateCert): a
    /// restored pki/ (the archive's CAs, maybe another host's leaves) then serves this host's names.
    /// </summary>
    private static void IssueUnlessCurrent(CertificateAuthority ca, string basePath, CertificateProfile profile, IReadOnlyList<string> names)
    {
        if (PkiLayout.Exists(basePath) && IsCurrent(ca, basePath + ".crt", names))
        {
            return;
        }

        PemFiles.WritePair(basePath, ca.Issue(profile));
    }

    private static bool IsCurrent(CertificateAuthority ca, string certificatePath, IReadOnlyList<string> names)
    {
        try
        {
            using var existing = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            if (existing.NotAfter < DateTime.Now || !ca.Issued(existing))
            {
                return false;
            }

            var san = existing.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
            var covered = san is null
                ? new HashSet<string>()
                : san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(a => a.ToString())).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return names.All(covered.Contains);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string FirstServiceAddress(string? serviceCidr)
    {
        var network = IPNetwork.Parse(serviceCidr ?? "10.96.0.0/12");
        var bytes = network.BaseAddress.GetAddressBytes();
        bytes[^1]++;
        return new IPAddress(bytes).ToString();
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.ASCII.GetString(bytes);

    private static byte[] Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);
}
