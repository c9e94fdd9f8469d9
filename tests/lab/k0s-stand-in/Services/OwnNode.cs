using K0sStandIn.Config;
using K0sStandIn.Hosting;
using K0sStandIn.Kube;
using K0sStandIn.Pki;

namespace K0sStandIn.Services;

/// <summary>
/// controller+worker (--enable-worker, --single): the controller registers a node of its own, with a kubelet
/// certificate straight from its CA, talking to its own API.
/// </summary>
internal static class OwnNode
{
    public static NodeAgent Start(NodeOptions options, K0sVars vars, CertificateAuthority ca, HostFacts host, int apiPort)
    {
        if (!File.Exists(vars.KubeletAuthConfigPath))
        {
            var issued = ca.Issue(CertificateProfile.Client("system:node:" + host.NodeName, "system:nodes"));
            var kubeconfig = new Kubeconfig($"https://localhost:{apiPort}", ca.CertificatePem, "default-cluster", "default-context", "default-auth")
            {
                ClientCertificatePem = issued.CertificatePem,
                ClientKeyPem = issued.KeyPem,
                Namespace = "default",
            };
            PemFiles.Write(vars.KubeletAuthConfigPath, kubeconfig.Render(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var labels = new Dictionary<string, string>(options.LabelMap) { ["node-role.kubernetes.io/control-plane"] = "true" };
        var taints = options.NoTaints ? options.Taints : [.. options.Taints, "node-role.kubernetes.io/control-plane:NoSchedule"];
        var manifest = NodeFacts.Manifest(host, options.NodeIp, labels, taints);
        var client = KubeClient.From(Kubeconfig.Parse(File.ReadAllText(vars.KubeletAuthConfigPath)), TimeSpan.FromSeconds(10));
        return new NodeAgent(client, manifest, TimeProvider.System);
    }
}
