using System.Globalization;
using YamlDotNet.RepresentationModel;
using static HaCluster.Spec.Validation.K0sConfigView;

namespace HaCluster.Spec.Validation;

/// <summary>
/// k0s's control plane load balancing (CPLB), whether asked for as loadBalancer.type cplb or written in the
/// k0s config: k0s's own rules, checked before any host is touched, and agreement between the two places.
/// </summary>
/// <remarks>
/// hactl passes a CPLB block written in the k0s config to k0s as it is, so with type cplb that block must say
/// itself what spec.loadBalancer says: a value it leaves to k0s's default must be the value spec.loadBalancer has.
/// </remarks>
internal sealed class CplbValidator : ISpecValidator
{
    private const int MaxPersistenceTimeout = 2678400;
    private static readonly string[] LbAlgos = ["rr", "wrr", "lc", "wlc", "lblc", "dh", "sh", "sed", "nq"];
    private static readonly string[] LbKinds = ["DR", "NAT", "TUN"];
    private static readonly string[] UnicastFields = ["unicastSourceIP", "unicastPeers"];

    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.K0sConfig;
        var section = config.Node(LoadBalancerIntent.CplbPath);
        var sectionPath = config.PathOf(LoadBalancerIntent.CplbPath);
        var lb = context.Spec.LoadBalancer;
        var hactlCplb = lb?.Type == LoadBalancerTypes.Cplb;
        var sectionEnabled = IsTrue(Child(section, "enabled"));
        if (lb is not null && !hactlCplb)
        {
            if (sectionEnabled)
            {
                context.Error($"{sectionPath}.enabled",
                    $"controlPlaneLoadBalancing is enabled here but spec.loadBalancer.type is {lb.Type}; use type cplb or remove it");
            }
            return;
        }
        if (!hactlCplb && !sectionEnabled)
        {
            return;
        }
        foreach (var (_, path) in context.Hosts.Where(h => h.Host.Role == Roles.Single))
        {
            context.Error($"{path}.role", "role single cannot be used with cplb: k0s refuses --single with control plane load balancing");
        }
        if (hactlCplb && lb!.Unicast)
        {
            RequireVersion(context, K0sVersion.CplbUnicast, "spec.loadBalancer.unicast", "unicast VRRP");
        }
        if (section is null)
        {
            return;
        }
        if (hactlCplb)
        {
            CheckEnabled(context, section, sectionPath);
            if (lb!.Unicast)
            {
                context.Error("spec.loadBalancer.unicast",
                    $"cannot be used with a controlPlaneLoadBalancing block written in the k0s config ({sectionPath}): " +
                    "hactl writes each controller's unicast peers only into a block of its own; remove one of them");
            }
        }
        if (Text(Child(section, "type")) is { } type && type != "Keepalived")
        {
            context.Error($"{sectionPath}.type", $"unknown type '{type}'; k0s supports Keepalived");
        }
        CheckKeepalived(context, Child(section, "keepalived"), $"{sectionPath}.keepalived", hactlCplb ? lb : null);
    }

    private static void CheckEnabled(ValidationContext context, YamlNode section, string sectionPath)
    {
        var enabled = Child(section, "enabled");
        if (enabled is null)
        {
            context.Error($"{sectionPath}.enabled",
                "enabled is not set, so k0s would leave CPLB off, but spec.loadBalancer.type is cplb; set enabled: true");
        }
        else if (!IsTrue(enabled))
        {
            context.Error($"{sectionPath}.enabled", "is false but spec.loadBalancer.type is cplb; remove the block or set it to true");
        }
    }

    private static void CheckKeepalived(ValidationContext context, YamlNode? keepalived, string path, LoadBalancerSpec? hactl)
    {
        var instances = Items(Child(keepalived, "vrrpInstances"));
        if (instances.Count == 0)
        {
            context.Error($"{path}.vrrpInstances", "at least one VRRP instance is required");
        }
        var routerIds = new Dictionary<int, int>();
        for (var i = 0; i < instances.Count; i++)
        {
            var instancePath = $"{path}.vrrpInstances[{i}]";
            // spec.loadBalancer describes the first instance, the one whose virtual IP is the API address.
            var routerId = CheckInstance(context, instances[i], instancePath, i, i == 0 ? hactl : null);
            if (routerId is >= 1 and <= 255 && !routerIds.TryAdd(routerId.Value, i))
            {
                context.Error($"{instancePath}.virtualRouterID",
                    $"virtualRouterID {routerId} is also {path}.vrrpInstances[{routerIds[routerId.Value]}]'s; each VRRP instance needs its own");
            }
        }
        var servers = Items(Child(keepalived, "virtualServers"));
        for (var i = 0; i < servers.Count; i++)
        {
            CheckVirtualServer(context, servers[i], $"{path}.virtualServers[{i}]");
        }
        if (servers.Count > 0)
        {
            CheckVirtualServersAllowed(context, $"{path}.virtualServers");
        }
    }

    /// <summary>Checks one VRRP instance; returns the router ID k0s will use for it, when it is known.</summary>
    private static int? CheckInstance(ValidationContext context, YamlNode instance, string path, int index, LoadBalancerSpec? hactl)
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
        var writtenRouterId = Int(context, Child(instance, "virtualRouterID"), $"{path}.virtualRouterID");
        if (writtenRouterId is < 1 or > 255)
        {
            context.Error($"{path}.virtualRouterID", $"virtualRouterID must be 1-255, not {writtenRouterId}");
        }
        if (Int(context, Child(instance, "advertIntervalSeconds"), $"{path}.advertIntervalSeconds") is < 1)
        {
            context.Error($"{path}.advertIntervalSeconds", "advertIntervalSeconds must be at least 1");
        }
        foreach (var field in UnicastFields.Where(f => Child(instance, f) is not null))
        {
            RequireVersion(context, K0sVersion.CplbUnicast, $"{path}.{field}", field);
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
        if (vip is null || !Addresses.TryParseCidr(vip, out var address, out _))
        {
            context.Error(path, $"'{vip}' is not an address with a prefix length, e.g. 10.0.0.100/24");
        }
        else if (VrrpRules.VirtualIPProblem(address) is { } problem)
        {
            context.Error(path, problem);
        }
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

    private static void CheckVirtualServer(ValidationContext context, YamlNode server, string path)
    {
        var address = Text(Child(server, "ipAddress"));
        if (address is null)
        {
            context.Error($"{path}.ipAddress", "ipAddress is required");
        }
        else if (!Addresses.IsIP(address))
        {
            context.Error($"{path}.ipAddress", $"'{address}' is not an IP address");
        }
        if (Text(Child(server, "lbAlgo")) is { } algo && !LbAlgos.Contains(algo))
        {
            context.Error($"{path}.lbAlgo", $"unknown lbAlgo '{algo}' (expected {string.Join(", ", LbAlgos)})");
        }
        if (Text(Child(server, "lbKind")) is { } kind && !LbKinds.Contains(kind))
        {
            context.Error($"{path}.lbKind", $"unknown lbKind '{kind}' (expected {string.Join(", ", LbKinds)})");
        }
        if (Int(context, Child(server, "persistenceTimeoutSeconds"), $"{path}.persistenceTimeoutSeconds") is < 1 or > MaxPersistenceTimeout)
        {
            context.Error($"{path}.persistenceTimeoutSeconds", $"persistenceTimeoutSeconds must be 1-{MaxPersistenceTimeout}");
        }
        if (Text(Child(server, "delayLoop")) is { } delay && !GoDuration.IsValid(delay))
        {
            context.Error($"{path}.delayLoop", $"'{delay}' is not a duration such as 1m or 30s");
        }
    }

    private static void CheckVirtualServersAllowed(ValidationContext context, string path)
    {
        foreach (var (_, hostPath) in context.Hosts.Where(h => h.Host.Role == Roles.ControllerWorker))
        {
            context.Error(path, $"virtual servers are not supported with controller+worker hosts ({hostPath})");
        }
        if (LoadBalancerIntent.Of(context.Spec).ExternalAddress(context.Spec) is not null)
        {
            RequireVersion(context, K0sVersion.ExternalAddressWithVirtualServers, path,
                "virtual servers together with spec.api.externalAddress");
        }
    }

    /// <summary>An error when spec.k0s.version is known and older than the feature needs.</summary>
    private static void RequireVersion(ValidationContext context, K0sVersion minimum, string path, string feature)
    {
        if (K0sVersion.Parse(context.Spec.K0s.Version) is { } version && version < minimum)
        {
            context.Error(path, $"{feature}: needs k0s {minimum} or later (spec.k0s.version is {context.Spec.K0s.Version})");
        }
    }

    private static int? Int(ValidationContext context, YamlNode? node, string path)
    {
        if (Text(node) is not { } text)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        context.Error(path, $"expected a whole number, not '{text}'");
        return null;
    }
}
