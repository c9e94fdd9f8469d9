using HaCluster.Spec.Reading;

namespace HaCluster.Spec.Validation;

/// <summary>Roles and the shape of the cluster: known roles, a controller, single alone, unique names and addresses.</summary>
internal sealed class HostsValidator : ISpecValidator
{
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (host, path) in context.Hosts)
        {
            CheckRole(context, host, path);
            CheckHostFields(context, host, path);
        }
        CheckTopology(context);
        CheckPrivateAddressesReachable(context);
        CheckUnique(context, "hostname", h => h.Hostname?.ToLowerInvariant());
        CheckUnique(context, "privateAddress", h => h.PrivateAddress);
        CheckHostnameNamesNoOtherHost(context);
    }

    private static void CheckRole(ValidationContext context, HostSpec host, string path)
    {
        if (host.Role.Length > 0 && !Roles.All.Contains(host.Role))
        {
            context.Error($"{path}.role",
                $"unknown role '{host.Role}'{NearestName.Hint(host.Role, Roles.All)} (expected {string.Join(", ", Roles.All)})");
        }
        if (host.NoTaints && host.Role != Roles.ControllerWorker)
        {
            context.Error($"{path}.noTaints", $"noTaints applies only to role {Roles.ControllerWorker}");
        }
    }

    private static void CheckHostFields(ValidationContext context, HostSpec host, string path)
    {
        if (host.Hostname is { } hostname && !Addresses.IsHostName(hostname))
        {
            context.Error($"{path}.hostname", $"'{hostname}' is not a valid host name (letters, digits, '-' and '.')");
        }
        if (host.PrivateAddress is { } privateAddress && !Addresses.IsIP(privateAddress))
        {
            context.Error($"{path}.privateAddress", $"'{privateAddress}' is not an IP address");
        }
        if (host.PrivateInterface is { } nic && Addresses.InterfaceNameProblem(nic) is { } problem)
        {
            context.Error($"{path}.privateInterface", problem);
        }
        foreach (var (field, value) in new[] { ("dataDir", host.DataDir), ("kubeletRootDir", host.KubeletRootDir) })
        {
            if (value is not null && !value.StartsWith('/'))
            {
                context.Error($"{path}.{field}", $"must be an absolute path on the host, not '{value}'");
            }
        }
        foreach (var name in host.Environment.Keys.Where(k => !EnvSubstitution.IsVariableName(k)))
        {
            context.Error($"{path}.environment.{name}", $"'{name}' is not a valid environment variable name");
        }
    }

    private static void CheckTopology(ValidationContext context)
    {
        var hosts = context.Spec.Hosts;
        if (hosts.Count == 0)
        {
            context.Error("spec.hosts", "no hosts: list the machines of the cluster");
        }
        // A misspelt role is reported as such; "no controller" would only repeat it.
        if (hosts.Count > 0 && !context.Controllers.Any() && hosts.All(h => Roles.All.Contains(h.Role)))
        {
            context.Error("spec.hosts",
                $"no controller: at least one host needs role {Roles.Controller}, {Roles.ControllerWorker} or {Roles.Single}");
        }
        if (hosts.Count > 1)
        {
            foreach (var (_, path) in context.Hosts.Where(h => h.Host.Role == Roles.Single))
            {
                context.Error($"{path}.role",
                    $"role single must be the only host, and this file has {hosts.Count}; use {Roles.Controller} or {Roles.ControllerWorker}");
            }
        }
    }

    /// <summary>
    /// A k0s host's private address (privateAddress, else its connect address) becomes its api.address, etcd
    /// peerAddress, --node-ip and HAProxy backend. k0s refuses 0.0.0.0 and :: there ("invalid INADDR_ANY"), and a
    /// controller's loopback address sends the other hosts' etcd peers, joins and backends to themselves.
    /// </summary>
    private static void CheckPrivateAddressesReachable(ValidationContext context)
    {
        var others = context.Spec.Hosts.Count > 1;
        foreach (var (host, path) in context.Hosts.Where(h => h.Host.Role != Roles.LoadBalancer))
        {
            var (address, addressPath) = host.PrivateAddress is { } written
                ? (written, $"{path}.privateAddress")
                : (host.ConnectAddress, host.Localhost?.Enabled == true ? $"{path}.localhost" : $"{path}.{(host.Ssh is null ? "openSSH" : "ssh")}.address");
            if (address is null || !Addresses.TryParseIP(address, out var ip))
            {
                continue;
            }
            if (Addresses.IsUnspecified(ip))
            {
                context.Error(addressPath,
                    $"{address} means any address, which k0s refuses as this host's address (api.address, etcd peerAddress); " +
                    (host.PrivateAddress is null ? "set privateAddress to the host's own address" : "use the host's own address"));
            }
            else if (System.Net.IPAddress.IsLoopback(ip) && others && RoleRules.IsController(host.Role))
            {
                context.Error(addressPath,
                    $"{address} is a loopback address, so the other hosts would reach themselves instead of this controller " +
                    "(etcd peers, joins, load balancer backends); " +
                    (host.PrivateAddress is null ? "set privateAddress to an address the other hosts reach" : "use an address the other hosts reach"));
            }
        }
    }

    /// <summary>
    /// A host without hostname is named by its address (in haproxy.cfg, in render's directories, in output), so a
    /// hostname equal to that address would give two hosts one name.
    /// </summary>
    private static void CheckHostnameNamesNoOtherHost(ValidationContext context)
    {
        var namedByAddress = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, path) in context.Hosts.Where(h => h.Host.Hostname is null))
        {
            if (host.ConnectAddress is { } address)
            {
                namedByAddress.TryAdd(address, path);
            }
        }
        foreach (var (host, path) in context.Hosts)
        {
            if (host.Hostname is { } hostname && namedByAddress.TryGetValue(hostname, out var other))
            {
                context.Error($"{path}.hostname",
                    $"'{hostname}' is also the address of {other}, which has no hostname and so is named by it; give {other} a hostname");
            }
        }
    }

    /// <summary>A value given twice is reported on the later host, naming the first.</summary>
    private static void CheckUnique(ValidationContext context, string field, Func<HostSpec, string?> value)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (host, path) in context.Hosts)
        {
            if (value(host) is not { } key)
            {
                continue;
            }
            if (first.TryGetValue(key, out var firstPath))
            {
                context.Error($"{path}.{field}", $"duplicate of {firstPath}");
            }
            else
            {
                first[key] = path;
            }
        }
    }
}
