using System.Globalization;
using YamlDotNet.RepresentationModel;
using static HaCluster.Spec.Validation.K0sConfigView;

namespace HaCluster.Spec.Validation;

/// <summary>
/// k0s's control plane load balancing (CPLB), whether asked for as loadBalancer.type cplb or written in the
/// k0s config: k0s's own rules, checked before any host is touched, and agreement between the two places.
/// </summary>
internal sealed class CplbValidator : ISpecValidator
{
    private const int MaxAuthPassLength = 8;
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
        if (hactlCplb && Child(section, "enabled") is { } enabled && !IsTrue(enabled))
        {
            context.Error($"{sectionPath}.enabled", "is false but spec.loadBalancer.type is cplb; remove it or set it to true");
        }
        if (Text(Child(section, "type")) is { } type && type != "Keepalived")
        {
            context.Error($"{sectionPath}.type", $"unknown type '{type}'; k0s supports Keepalived");
        }
        CheckKeepalived(context, Child(section, "keepalived"), $"{sectionPath}.keepalived", hactlCplb ? lb : null);
    }

    private static void CheckKeepalived(ValidationContext context, YamlNode? keepalived, string path, LoadBalancerSpec? hactl)
    {
        var instances = Items(Child(keepalived, "vrrpInstances"));
        if (instances.Count == 0 && hactl is null)
        {
            context.Error($"{path}.vrrpInstances", "at least one VRRP instance is required");
        }
        for (var i = 0; i < instances.Count; i++)
        {
            // hactl fills the first instance from spec.loadBalancer, so there it only has to agree.
            var fromHactl = i == 0 ? hactl : null;
            CheckInstance(context, instances[i], $"{path}.vrrpInstances[{i}]", fromHactl);
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

    private static void CheckInstance(ValidationContext context, YamlNode instance, string path, LoadBalancerSpec? hactl)
    {
        var vips = Items(Child(instance, "virtualIPs"));
        if (vips.Count == 0 && hactl is null)
        {
            context.Error($"{path}.virtualIPs", "at least one virtual IP is required, e.g. 10.0.0.100/24");
        }
        for (var i = 0; i < vips.Count; i++)
        {
            if (Text(vips[i]) is not { } vip || !Addresses.IsCidr(vip))
            {
                context.Error($"{path}.virtualIPs[{i}]", $"'{Text(vips[i])}' is not an address with a prefix length, e.g. 10.0.0.100/24");
            }
        }
        var authPass = Text(Child(instance, "authPass"));
        if (authPass is null && hactl is null)
        {
            context.Error($"{path}.authPass", $"authPass is required: the VRRP password, at most {MaxAuthPassLength} characters");
        }
        else if (authPass is not null && authPass.Length > MaxAuthPassLength)
        {
            context.Error($"{path}.authPass", $"authPass is {authPass.Length} characters; VRRP allows at most {MaxAuthPassLength}");
        }
        var routerId = Int(context, Child(instance, "virtualRouterID"), $"{path}.virtualRouterID");
        if (routerId is < 1 or > 255)
        {
            context.Error($"{path}.virtualRouterID", $"virtualRouterID must be 1-255, not {routerId}");
        }
        if (Int(context, Child(instance, "advertIntervalSeconds"), $"{path}.advertIntervalSeconds") is < 1)
        {
            context.Error($"{path}.advertIntervalSeconds", "advertIntervalSeconds must be at least 1");
        }
        foreach (var field in UnicastFields.Where(f => Child(instance, f) is not null))
        {
            RequireVersion(context, K0sVersion.CplbUnicast, $"{path}.{field}", field);
        }
        if (hactl is not null)
        {
            CheckAgreesWithLoadBalancer(context, instance, path, hactl, vips, authPass, routerId);
        }
    }

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
        var lbRouterId = lb.VirtualRouterID ?? 51;
        if (routerId is not null && routerId != lbRouterId)
        {
            context.Error($"{path}.virtualRouterID", $"is {routerId} but spec.loadBalancer.virtualRouterID is {lbRouterId}");
        }
        if (Text(Child(instance, "interface")) is { } nic && lb.Interface is not null && nic != lb.Interface)
        {
            context.Error($"{path}.interface", $"is {nic} but spec.loadBalancer.interface is {lb.Interface}");
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
