using HaCluster.K0s;
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
            context.RequireK0sVersion(K0sVersion.CplbUnicast, "spec.loadBalancer.unicast", "unicast VRRP");
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
            var routerId = VrrpInstanceChecks.Check(context, instances[i], instancePath, i, i == 0 ? hactl : null);
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
        if (context.WholeNumber(Child(server, "persistenceTimeoutSeconds"), $"{path}.persistenceTimeoutSeconds") is < 1 or > MaxPersistenceTimeout)
        {
            context.Error($"{path}.persistenceTimeoutSeconds", $"persistenceTimeoutSeconds must be 1-{MaxPersistenceTimeout}");
        }
        var delay = Text(Child(server, "delayLoop"));
        if (delay is not null && !GoDuration.IsValid(delay))
        {
            context.Error($"{path}.delayLoop", $"'{delay}' is not a duration such as 1m or 30s");
        }
        else if (delay is not null && delay.Where(char.IsAsciiDigit).All(d => d == '0'))
        {
            // k0s: "DelayLoop must be positive"; a Go duration is zero exactly when all its digits are.
            context.Error($"{path}.delayLoop", $"delayLoop is {delay}; k0s needs a positive duration, e.g. 1m (its default)");
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
            context.RequireK0sVersion(K0sVersion.ExternalAddressWithVirtualServers, path,
                "virtual servers together with spec.api.externalAddress");
        }
    }
}
