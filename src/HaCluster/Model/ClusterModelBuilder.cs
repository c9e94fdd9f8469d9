using HaCluster.Spec;
using HaCluster.Spec.Validation;

namespace HaCluster.Model;

/// <summary>
/// Builds the runtime model from a valid spec: roles, names, addresses, connections and the load balancer
/// with hactl's defaults. Pure: no disk, no environment; local paths resolve through the given <see cref="LocalPaths"/>.
/// </summary>
public static class ClusterModelBuilder
{
    public const int DefaultVirtualRouterId = 51;
    private const string LocalhostAddress = "127.0.0.1";

    public static ClusterModel Build(ClusterSpec spec, LocalPaths? paths = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var loadBalancer = BuildLoadBalancer(spec);
        var addressCounts = spec.Hosts.GroupBy(ConnectAddress).ToDictionary(g => g.Key, g => g.Count());
        return new ClusterModel
        {
            Name = spec.Metadata.Name,
            Hosts = [.. spec.Hosts.Select((h, i) => BuildHost(h, i, loadBalancer, addressCounts[ConnectAddress(h)] > 1, paths))],
            LoadBalancer = loadBalancer,
            K0s = new K0sModel { Version = spec.K0s.Version, Config = spec.K0s.Config },
            Options = spec.Options,
        };
    }

    private static HostModel BuildHost(HostSpec host, int index, LoadBalancerModel lb, bool sharesAddress, LocalPaths? paths)
    {
        var role = ToRole(host.Role);
        var connection = BuildConnection(host, paths);
        var inVrrp = (lb.Type == LoadBalancerType.HaproxyKeepalived && role == HostRole.LoadBalancer)
            || (lb.Type == LoadBalancerType.Cplb && role is HostRole.Controller or HostRole.ControllerWorker);
        var model = new HostModel
        {
            Index = index,
            Role = role,
            // Lab hosts may share one address on different ports; the port keeps their names apart.
            Name = host.Hostname ?? (sharesAddress ? $"{connection.Address}:{connection.Port}" : connection.Address),
            Connection = connection,
            PrivateAddress = host.PrivateAddress ?? connection.Address,
            PrivateInterface = inVrrp ? lb.Interface ?? host.PrivateInterface : host.PrivateInterface,
            InstallFlags = BuildInstallFlags(host),
            Environment = host.Environment,
            Hooks = host.Hooks,
            Files = [.. host.Files.Select(f => f.Src is { } src && paths is not null && IsLocal(src) ? f with { Src = paths.Resolve(src) } : f)],
            UploadBinary = host.UploadBinary,
            K0sBinaryPath = host.K0sBinaryPath is { } binary && paths is not null ? paths.Resolve(binary) : host.K0sBinaryPath,
            NoTaints = host.NoTaints,
        };
        return host.DataDir is { } dataDir ? model with { DataDir = dataDir } : model;
    }

    private static HostRole ToRole(string role) => role switch
    {
        Roles.Controller => HostRole.Controller,
        Roles.Worker => HostRole.Worker,
        Roles.ControllerWorker => HostRole.ControllerWorker,
        Roles.Single => HostRole.Single,
        Roles.LoadBalancer => HostRole.LoadBalancer,
        _ => throw new ArgumentException($"not a valid role: '{role}'; validate the spec first", nameof(role)),
    };

    private static string ConnectAddress(HostSpec host) => host.ConnectAddress ?? LocalhostAddress;

    private static ConnectionModel BuildConnection(HostSpec host, LocalPaths? paths)
    {
        string? Local(string? path) => path is not null && paths is not null ? paths.Resolve(path) : path;
        if (host.Ssh is { } ssh)
        {
            return BuildSsh(ssh, Local);
        }
        if (host.OpenSsh is { } openSsh)
        {
            var defaults = new ConnectionModel { Address = "" };
            return new ConnectionModel
            {
                Block = ConnectionBlock.OpenSsh,
                Address = openSsh.Address!,
                User = openSsh.User ?? defaults.User,
                Port = openSsh.Port ?? defaults.Port,
                KeyPath = Local(openSsh.KeyPath),
                ConfigPath = Local(openSsh.ConfigPath),
                // k0sctl writes booleans as yes/no for ssh -o.
                Options = openSsh.Options.ToDictionary(o => o.Key, o => o.Value switch
                {
                    "true" => "yes",
                    "false" => "no",
                    _ => o.Value,
                }),
                Multiplexing = !openSsh.DisableMultiplexing,
            };
        }
        return new ConnectionModel { Address = LocalhostAddress, Block = ConnectionBlock.Localhost };
    }

    private static ConnectionModel BuildSsh(SshSpec ssh, Func<string?, string?> local) => new()
    {
        Address = ssh.Address!,
        User = ssh.User,
        Port = ssh.Port,
        KeyPath = local(ssh.KeyPath),
        Bastion = ssh.Bastion is { } bastion ? BuildSsh(bastion, local) : null,
    };

    /// <summary>The flags as written, minus the ones the model carries as fields (data dir, kubelet root dir).</summary>
    private static List<string> BuildInstallFlags(HostSpec host)
    {
        var flags = host.InstallFlags
            .Where(f => InstallFlag.Parse(f).Name is not ("--data-dir" or "--kubelet-root-dir"))
            .ToList();
        if (host.KubeletRootDir is { } kubeletRootDir)
        {
            flags.Add($"--kubelet-root-dir={kubeletRootDir}");
        }
        return flags;
    }

    private static LoadBalancerModel BuildLoadBalancer(ClusterSpec spec)
    {
        var intent = LoadBalancerIntent.Of(spec);
        var ports = spec.LoadBalancer?.Ports ?? new LoadBalancerPortsSpec();
        var type = intent.Type switch
        {
            LoadBalancerTypes.HaproxyKeepalived => LoadBalancerType.HaproxyKeepalived,
            LoadBalancerTypes.Cplb => LoadBalancerType.Cplb,
            LoadBalancerTypes.External => LoadBalancerType.External,
            _ => LoadBalancerType.None,
        };
        return new LoadBalancerModel
        {
            Type = type,
            VirtualIP = intent.VirtualIP is { } vip && Addresses.TryParseCidr(vip, out var address, out var prefix)
                ? new VirtualIPModel(address, prefix)
                : null,
            VirtualRouterId = intent.VirtualRouterId ?? DefaultVirtualRouterId,
            AuthPass = intent.AuthPass,
            Interface = intent.Interface,
            ExternalAddress = type == LoadBalancerType.External ? intent.Address : null,
            ApiPort = ports.Api,
            KonnectivityPort = ports.Konnectivity,
            ControllerJoinPort = ports.ControllerJoin,
            Stats = spec.LoadBalancer?.Stats,
            Unicast = spec.LoadBalancer?.Unicast ?? false,
        };
    }

    private static bool IsLocal(string src) => !src.Contains("://", StringComparison.Ordinal);
}
