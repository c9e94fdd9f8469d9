using System.Net.Sockets;
using HaCluster.Spec.Reading;

namespace HaCluster.Spec.Validation;

/// <summary>hactl's spec.loadBalancer: a known type, what each type needs, VRRP limits, ports, loadbalancer hosts.</summary>
internal sealed class LoadBalancerValidator : ISpecValidator
{
    private const string Path = "spec.loadBalancer";

    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lbHosts = context.Hosts.Where(h => h.Host.Role == Roles.LoadBalancer).ToList();
        if (context.Spec.LoadBalancer is not { } lb)
        {
            foreach (var (_, path) in lbHosts.Where(_ => context.Spec.IsHactl))
            {
                context.Error($"{path}.role", $"role loadbalancer needs {Path} with type {LoadBalancerTypes.HaproxyKeepalived}");
            }
            return;
        }
        CheckValues(context, lb);
        CheckPorts(context, lb);
        if (!LoadBalancerTypes.All.Contains(lb.Type))
        {
            if (lb.Type.Length > 0)
            {
                context.Error($"{Path}.type",
                    $"unknown type '{lb.Type}'{NearestName.Hint(lb.Type, LoadBalancerTypes.All)} (expected {string.Join(", ", LoadBalancerTypes.All)})");
            }
            return;
        }
        CheckHosts(context, lb, lbHosts.Select(h => h.Path).ToList());
        if (lb.Type == LoadBalancerTypes.External)
        {
            CheckExternal(context, lb);
        }
        else
        {
            CheckVrrp(context, lb);
        }
    }

    /// <summary>Limits on values as written, whatever the type.</summary>
    private static void CheckValues(ValidationContext context, LoadBalancerSpec lb)
    {
        if (lb.VirtualIP is not null && !Addresses.IsCidr(lb.VirtualIP))
        {
            context.Error($"{Path}.virtualIP", $"'{lb.VirtualIP}' is not an address with a prefix length, e.g. 10.0.0.100/24");
        }
        if (lb.AuthPass is { } authPass && VrrpRules.AuthPassProblem(authPass) is { } authPassProblem)
        {
            context.Error($"{Path}.authPass", authPassProblem);
        }
        if (lb.VirtualRouterID is { } id and (< 1 or > 255))
        {
            context.Error($"{Path}.virtualRouterID", $"virtualRouterID must be 1-255, not {id}");
        }
        if (lb.Interface is { } nic && Addresses.InterfaceNameProblem(nic) is { } nicProblem)
        {
            context.Error($"{Path}.interface", nicProblem);
        }
        if (lb.Address is not null && !Addresses.IsIPOrHostName(lb.Address))
        {
            context.Error($"{Path}.address", $"'{lb.Address}' is not an IP address or DNS name");
        }
    }

    private static void CheckHosts(ValidationContext context, LoadBalancerSpec lb, List<string> lbHostPaths)
    {
        if (lb.Type == LoadBalancerTypes.HaproxyKeepalived)
        {
            if (lbHostPaths.Count == 0)
            {
                context.Error($"{Path}.type", $"type {lb.Type} needs at least one host with role loadbalancer (two for failover)");
            }
            else if (lbHostPaths.Count == 1)
            {
                context.Warning($"{Path}.type", "one loadbalancer host is a single point of failure; use two");
            }
            return;
        }
        foreach (var path in lbHostPaths)
        {
            context.Error($"{path}.role", $"role loadbalancer needs {Path}.type {LoadBalancerTypes.HaproxyKeepalived} (it is {lb.Type})");
        }
    }

    private static void CheckVrrp(ValidationContext context, LoadBalancerSpec lb)
    {
        if (lb.VirtualIP is null)
        {
            context.Error($"{Path}.virtualIP", $"virtualIP is required for type {lb.Type}, e.g. 10.0.0.100/24");
        }
        else if (Addresses.TryParseCidr(lb.VirtualIP, out var vip, out var prefixLength))
        {
            VrrpRules.CheckVirtualIP(context, vip, prefixLength, $"{Path}.virtualIP", VrrpHosts(context, lb));
        }
        if (lb.AuthPass is null)
        {
            context.Error($"{Path}.authPass",
                $"authPass is required for type {lb.Type}: the VRRP password, at most {VrrpRules.MaxAuthPassLength} characters");
        }
        if (lb.Unicast)
        {
            CheckUnicastAddresses(context, lb);
        }
        if (lb.Address is not null)
        {
            context.Error($"{Path}.address", $"address applies only to type {LoadBalancerTypes.External}; type {lb.Type} uses virtualIP");
        }
        if (lb.Stats is not null && lb.Type != LoadBalancerTypes.HaproxyKeepalived)
        {
            context.Error($"{Path}.stats", $"stats applies only to type {LoadBalancerTypes.HaproxyKeepalived}");
        }
    }

    /// <summary>
    /// Unicast VRRP names every VRRP host by its private address (unicast_src_ip, unicast_peer), where keepalived
    /// takes only IPv4 addresses for an IPv4 virtual IP: a host name there is skipped and VRRP falls back to multicast.
    /// </summary>
    private static void CheckUnicastAddresses(ValidationContext context, LoadBalancerSpec lb)
    {
        foreach (var (host, path) in VrrpHosts(context, lb))
        {
            var (address, addressPath) = host.PrivateAddress is { } written
                ? (written, $"{path}.privateAddress")
                : (host.ConnectAddress, AddressPath(host, path));
            if (address is not null && !(Addresses.TryParseIP(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork))
            {
                context.Error(addressPath,
                    $"unicast VRRP names each host by its private address, which must be an IPv4 address, not '{address}'; set privateAddress");
            }
        }
    }

    /// <summary>The hosts whose keepalived holds the virtual IP: the loadbalancer hosts, or the controllers with cplb.</summary>
    private static List<(HostSpec Host, string Path)> VrrpHosts(ValidationContext context, LoadBalancerSpec lb) =>
        context.Hosts.Where(h => lb.Type == LoadBalancerTypes.HaproxyKeepalived
            ? h.Host.Role == Roles.LoadBalancer
            : h.Host.Role is Roles.Controller or Roles.ControllerWorker).ToList();

    private static string AddressPath(HostSpec host, string path) => host.Ssh is not null ? $"{path}.ssh.address" : $"{path}.openSSH.address";

    private static void CheckExternal(ValidationContext context, LoadBalancerSpec lb)
    {
        if (lb.Address is null)
        {
            context.Error($"{Path}.address", "address is required for type external: the load balancer's IP address or DNS name");
        }
        var vrrpOnly = new (string Field, bool Set)[]
        {
            ("virtualIP", lb.VirtualIP is not null),
            ("authPass", lb.AuthPass is not null),
            ("virtualRouterID", lb.VirtualRouterID is not null),
            ("interface", lb.Interface is not null),
            ("unicast", lb.Unicast),
            ("stats", lb.Stats is not null),
        };
        foreach (var (field, _) in vrrpOnly.Where(v => v.Set))
        {
            context.Error($"{Path}.{field}", $"{field} does not apply to type external: hactl does not run that load balancer");
        }
    }

    private static void CheckPorts(ValidationContext context, LoadBalancerSpec lb)
    {
        var ports = new List<(string Path, int Port)>
        {
            ($"{Path}.ports.api", lb.Ports.Api),
            ($"{Path}.ports.konnectivity", lb.Ports.Konnectivity),
            ($"{Path}.ports.controllerJoin", lb.Ports.ControllerJoin),
        };
        if (lb.Stats is { } stats)
        {
            ports.Add(($"{Path}.stats.port", stats.Port));
            if (stats.Bind is { } bind && bind != "*" && !Addresses.IsIP(bind))
            {
                context.Error($"{Path}.stats.bind", $"'{bind}' is not an IP address (or * for all)");
            }
            else if (stats.Bind is { } address && IsOneHostsIPv6Address(address) && context.Hosts.Count(h => h.Host.Role == Roles.LoadBalancer) > 1)
            {
                context.Error($"{Path}.stats.bind",
                    $"{address} is an IPv6 address of at most one host, but every loadbalancer host gets the same haproxy.cfg and " +
                    "hactl allows binding absent addresses for IPv4 only (net.ipv4.ip_nonlocal_bind), so HAProxy would not start " +
                    "on the others; use *, ::, ::1 or an IPv4 address");
            }
        }
        var used = new Dictionary<int, string>();
        foreach (var (path, port) in ports)
        {
            ConnectionValidator.CheckPort(context, port, path);
            if (used.TryGetValue(port, out var first))
            {
                context.Error(path, $"port {port} is already used by {first}");
            }
            used.TryAdd(port, path);
        }
        if (lb.Type == LoadBalancerTypes.HaproxyKeepalived)
        {
            CheckSshPortsOfLoadBalancerHosts(context, ports);
        }
    }

    private static bool IsOneHostsIPv6Address(string text) =>
        Addresses.TryParseIP(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
        && !System.Net.IPAddress.IsLoopback(ip) && !Addresses.IsUnspecified(ip);

    /// <summary>HAProxy binds each frontend on every address of a loadbalancer host, so none may be the port sshd holds there.</summary>
    private static void CheckSshPortsOfLoadBalancerHosts(ValidationContext context, List<(string Path, int Port)> frontends)
    {
        foreach (var (host, hostPath) in context.Hosts.Where(h => h.Host.Role == Roles.LoadBalancer))
        {
            var (sshPath, sshPort) = host switch
            {
                { Ssh: { } ssh } => ($"{hostPath}.ssh.port", ssh.Port),
                { OpenSsh.Port: { } port } => ($"{hostPath}.openSSH.port", port),
                _ => ("", 0),
            };
            foreach (var (path, _) in frontends.Where(f => sshPort > 0 && f.Port == sshPort))
            {
                context.Error(path,
                    $"port {sshPort} is {hostPath}'s ssh port ({sshPath}): HAProxy binds it on every address of that loadbalancer host, " +
                    "where sshd already listens; use another port");
            }
        }
    }
}
