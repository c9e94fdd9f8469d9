using System.Text;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>A controller's k0s.yaml, written by hand as the tests' operator would.</summary>
internal static class K0sYaml
{
    /// <param name="address">spec.api.address and storage.etcd.peerAddress: the controller's own address.</param>
    /// <param name="externalAddress">The first controller's address or the VIP.</param>
    /// <param name="sans">Every controller's address (and the VIP).</param>
    /// <param name="vip">With CPLB: the VIP with its prefix length, e.g. 10.99.1.100/24; also an IPVS virtual server.</param>
    /// <param name="unicastPeers">With CPLB: the other controllers, for VRRP over unicast from <paramref name="address"/>.</param>
    public static string Controller(
        string address, string externalAddress, IEnumerable<string> sans, string? vip = null, string? authPass = null, IEnumerable<string>? unicastPeers = null)
    {
        var yaml = new StringBuilder()
            .Append("apiVersion: k0s.k0sproject.io/v1beta1\n")
            .Append("kind: ClusterConfig\n")
            .Append("metadata:\n  name: k0s\n")
            .Append("spec:\n")
            .Append("  api:\n")
            .Append($"    address: {address}\n")
            .Append($"    externalAddress: {externalAddress}\n")
            .Append($"    sans: [{string.Join(", ", sans)}]\n")
            .Append("  storage:\n    type: etcd\n    etcd:\n")
            .Append($"      peerAddress: {address}\n");
        if (vip is not null)
        {
            yaml.Append("  network:\n")
                .Append("    controlPlaneLoadBalancing:\n")
                .Append("      enabled: true\n")
                .Append("      type: Keepalived\n")
                .Append("      keepalived:\n")
                .Append("        vrrpInstances:\n")
                .Append($"        - virtualIPs: [\"{vip}\"]\n")
                .Append($"          authPass: \"{authPass}\"\n")
                .Append($"          unicastSourceIP: {address}\n")
                .Append($"          unicastPeers: [{string.Join(", ", unicastPeers ?? [])}]\n")
                .Append("        virtualServers:\n")
                .Append($"        - ipAddress: {vip.Split('/')[0]}\n");
        }

        return yaml.ToString();
    }
}
