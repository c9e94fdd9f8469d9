using HaCluster.Model;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Rendering;

/// <summary>spec.network.controlPlaneLoadBalancing for one controller when k0s's keepalived holds the VIP (cplb).</summary>
internal static class CplbBlock
{
    public static YamlMappingNode For(ClusterModel cluster, HostModel controller)
    {
        var lb = cluster.LoadBalancer;
        var vip = lb.VirtualIP ?? throw new ArgumentException("spec.loadBalancer.virtualIP is required for cplb", nameof(cluster));
        var authPass = lb.AuthPass ?? throw new ArgumentException("spec.loadBalancer.authPass is required for cplb", nameof(cluster));

        var instance = new YamlMappingNode
        {
            { "virtualIPs", new YamlSequenceNode(YamlScalars.String(vip.ToString())) },
            { "authPass", YamlScalars.String(authPass) },
            { "virtualRouterID", YamlScalars.Int(lb.VirtualRouterId) },
        };
        // Without one, k0s picks the interface that holds the default route.
        if ((lb.Interface ?? controller.PrivateInterface) is { } iface)
        {
            instance.Add("interface", YamlScalars.String(iface));
        }

        if (lb.Unicast)
        {
            // k0s >= 1.32; k0s does not discover these, so each controller names itself and its peers.
            instance.Add("unicastSourceIP", YamlScalars.String(controller.PrivateAddress));
            instance.Add("unicastPeers", new YamlSequenceNode(cluster.Controllers
                .Where(c => c.Index != controller.Index)
                .Select(c => YamlScalars.String(c.PrivateAddress))));
        }

        return new YamlMappingNode
        {
            { "enabled", YamlScalars.Bool(true) },
            { "type", YamlScalars.String("Keepalived") },
            { "keepalived", new YamlMappingNode { { "vrrpInstances", new YamlSequenceNode(instance) } } },
        };
    }
}
