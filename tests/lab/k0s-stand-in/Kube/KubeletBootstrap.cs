using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Pki;
using K0sStandIn.Tokens;

namespace K0sStandIn.Kube;

/// <summary>
/// Turns a worker join token into &lt;data-dir&gt;/kubelet.conf: a client certificate (CN system:node:&lt;name&gt;)
/// obtained through a CertificateSigningRequest authenticated by the token, as kubelet TLS bootstrap does.
/// </summary>
internal static class KubeletBootstrap
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);

    public static async Task<Kubeconfig> EnsureAsync(K0sVars vars, string? encodedToken, string nodeName, CancellationToken ct)
    {
        if (File.Exists(vars.KubeletAuthConfigPath))
        {
            return Kubeconfig.Parse(await File.ReadAllTextAsync(vars.KubeletAuthConfigPath, ct));
        }

        if (string.IsNullOrEmpty(encodedToken))
        {
            throw new CliException("no join token given and no kubelet.conf: use --token-file or the token argument");
        }

        var bootstrap = Kubeconfig.Parse(JoinToken.Decode(encodedToken));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("system:nodes");
        subject.AddCommonName("system:node:" + nodeName);
        var csr = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var certificate = await RequestCertificateAsync(bootstrap, nodeName, csr, ct);
        var kubeconfig = new Kubeconfig(bootstrap.Server, bootstrap.CertificateAuthorityPem, "default-cluster", "default-context", "default-auth")
        {
            ClientCertificatePem = certificate,
            ClientKeyPem = key.ExportPkcs8PrivateKeyPem(),
            Namespace = "default",
        };
        PemFiles.Write(vars.KubeletAuthConfigPath, kubeconfig.Render(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Log.Info("kubelet client certificate bootstrapped", ("component", "kubelet"), ("server", bootstrap.Server));
        return kubeconfig;
    }

    private static async Task<string> RequestCertificateAsync(Kubeconfig bootstrap, string nodeName, string csrPem, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "certificates.k8s.io/v1",
            ["kind"] = "CertificateSigningRequest",
            ["metadata"] = new JsonObject { ["generateName"] = "csr-" },
            ["spec"] = new JsonObject
            {
                ["request"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(csrPem)),
                ["signerName"] = "kubernetes.io/kube-apiserver-client-kubelet",
                ["usages"] = new JsonArray("digital signature", "client auth"),
                ["username"] = "system:node:" + nodeName,
            },
        };
        using var client = KubeClient.From(bootstrap, TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                var (code, answer) = await client.PostAsync("/apis/certificates.k8s.io/v1/certificatesigningrequests", body, ct);
                if (code == 201 && answer?["status"]?["certificate"]?.GetValue<string>() is { } certificate)
                {
                    return Encoding.ASCII.GetString(Convert.FromBase64String(certificate));
                }

                Log.Warn($"kubelet bootstrap refused: {code} {answer?["message"]}", ("component", "kubelet"));
            }
            catch (HttpRequestException e)
            {
                Log.Warn("kubelet bootstrap failed: " + e.Message, ("component", "kubelet"), ("server", bootstrap.Server));
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                Log.Warn("kubelet bootstrap timed out", ("component", "kubelet"), ("server", bootstrap.Server));
            }

            await Task.Delay(RetryDelay, ct);
        }
    }
}
