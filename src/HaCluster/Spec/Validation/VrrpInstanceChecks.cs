using HaCluster.K0s;
using YamlDotNet.RepresentationModel;
using static HaCluster.Spec.Validation.K0sConfigView;

namespace HaCluster.Spec.Validation;

/// <summary>
/// One CPLB VRRP instance of the k0s config (keepalived.vrrpInstances[i]): k0s's rules, what keepalived.conf can
/// hold, and for the first instance beside loadBalancer.type cplb, agreement with spec.loadBalancer.
/// </summary>
internal static class VrrpInstanceChecks
{
    private static readonly string[] UnicastFields = ["unicastSourceIP", "unicastPeers"];

    /// <summary>Checks one VRRP instance; returns the router ID k0s will use for it, when it is known.</summary>
    public static int? Check(ValidationContext context, YamlNode instance, string path, int index, LoadBalancerSpec? hactl)
    {
        var vips = Items(Child(instance, "virtualIPs"));
        if (vips.Count == 0)
        {
            context.Error($"{path}.virtualIPs", "at least one virtual IP is required, e.g. 10.0.0.100/24");
        }
        for (var i = 0; i < vips.Count; i++)
        {
            CheckVirtualIP(context, Text(vips[i]), $"{path}.virtualIPs[{i}]");
        }
        var authPass = Text(Child(instance, "authPass"));
        if (authPass is null)
        {
            context.Error($"{path}.authPass", $"authPass is required: the VRRP password, at most {VrrpRules.MaxAuthPassLength} characters");
        }
        else if (VrrpRules.AuthPassProblem(authPass) is { } problem)
        {
            context.Error($"{path}.authPass", problem);
        }
        if (Text(Child(instance, "interface")) is { } nic && Addresses.InterfaceNameProblem(nic) is { } nicProblem)
        {
            context.Error($"{path}.interface", nicProblem);
        }
        var writtenRouterId = context.WholeNumber(Child(instance, "virtualRouterID"), $"{path}.virtualRouterID");
        if (writtenRouterId is < 1 or > 255)
        {
            context.Error($"{path}.virtualRouterID", $"virtualRouterID must be 1-255, not {writtenRouterId}");
        }
        if (context.WholeNumber(Child(instance, "advertIntervalSeconds"), $"{path}.advertIntervalSeconds") is < 1)
        {
            context.Error($"{path}.advertIntervalSeconds", "advertIntervalSeconds must be at least 1");
        }
        foreach (var field in UnicastFields.Where(f => Child(instance, f) is not null))
        {
            context.RequireK0sVersion(K0sVersion.CplbUnicast, $"{path}.{field}", field);
        }
        CheckUnicastAddresses(context, instance, path);
        // k0s numbers instances without a router ID on from its default.
        var routerId = Child(instance, "virtualRouterID") is null ? VrrpRules.DefaultRouterId + index : writtenRouterId;
        if (hactl is not null)
        {
            CheckAgreesWithLoadBalancer(context, instance, path, hactl, vips, authPass, routerId);
        }
        return routerId;
    }

    private static void CheckVirtualIP(ValidationContext context, string? vip, string path)
    {
        if (vip is null || !Addresses.TryParseCidr(vip, out var address, out var prefixLength))
        {
            context.Error(path, $"'{vip}' is not an address with a prefix length, e.g. 10.0.0.100/24");
            return;
        }
        // k0s runs CPLB's keepalived on the controllers (k0s refuses it with --single).
        var vrrpHosts = context.Hosts.Where(h => h.Host.Role is Roles.Controller or Roles.ControllerWorker).ToList();
        VrrpRules.CheckVirtualIP(context, address, prefixLength, path, vrrpHosts);
    }

    /// <summary>k0s writes these into keepalived.conf's unicast_src_ip and unicast_peer, which take IP addresses only.</summary>
    private static void CheckUnicastAddresses(ValidationContext context, YamlNode instance, string path)
    {
        if (Text(Child(instance, "unicastSourceIP")) is { } source && !Addresses.IsIP(source))
        {
            context.Error($"{path}.unicastSourceIP", $"'{source}' is not an IP address");
        }
        var peers = Items(Child(instance, "unicastPeers"));
        for (var i = 0; i < peers.Count; i++)
        {
            if (Text(peers[i]) is not { } peer || !Addresses.IsIP(peer))
            {
                context.Error($"{path}.unicastPeers[{i}]", $"'{Text(peers[i])}' is not an IP address");
            }
        }
    }

    /// <summary>
    /// The first instance against spec.loadBalancer: what it writes must be equal, and what it leaves out k0s fills
    /// with its own default (router ID 51, the default route's interface), which must then be spec.loadBalancer's.
    /// </summary>
    private static void CheckAgreesWithLoadBalancer(ValidationContext context, YamlNode instance, string path,
        LoadBalancerSpec lb, IReadOnlyList<YamlNode> vips, string? authPass, int? routerId)
    {
        if (vips.Count > 0 && lb.VirtualIP is not null && !vips.Any(v => Text(v) == lb.VirtualIP))
        {
            context.Error($"{path}.virtualIPs", $"does not include spec.loadBalancer.virtualIP {lb.VirtualIP}");
        }
        if (authPass is not null && lb.AuthPass is not null && authPass != lb.AuthPass)
        {
            context.Error($"{path}.authPass", "differs from spec.loadBalancer.authPass; set it in one place");
        }
        var lbRouterId = lb.VirtualRouterID ?? VrrpRules.DefaultRouterId;
        if (routerId is not null && routerId != lbRouterId)
        {
            context.Error($"{path}.virtualRouterID", Child(instance, "virtualRouterID") is null
                ? $"virtualRouterID is not set, so k0s uses {routerId}, but spec.loadBalancer.virtualRouterID is {lbRouterId}; set it to {lbRouterId}"
                : $"is {routerId} but spec.loadBalancer.virtualRouterID is {lbRouterId}");
        }
        if (lb.Interface is not null && Text(Child(instance, "interface")) != lb.Interface)
        {
            context.Error($"{path}.interface", Text(Child(instance, "interface")) is { } nic
                ? $"is {nic} but spec.loadBalancer.interface is {lb.Interface}"
                : $"interface is not set, so k0s uses the default route's interface, but spec.loadBalancer.interface is {lb.Interface}; set it to {lb.Interface}");
        }
    }
}
