using System.Net;
using HaCluster.Spec;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Model;

// The runtime model: what phases and renderers see. Built from a valid ClusterSpec by ClusterModelBuilder;
// facts gathered from hosts later refine it with `with` expressions, never by mutation.

public enum HostRole
{
    Controller,
    Worker,
    ControllerWorker,
    Single,
    LoadBalancer,
}

public enum LoadBalancerType
{
    /// <summary>No load balancer: clients use the first controller (single-controller clusters).</summary>
    None,
    HaproxyKeepalived,
    Cplb,
    External,
}

public sealed record ClusterModel
{
    public required string Name { get; init; }
    public required IReadOnlyList<HostModel> Hosts { get; init; }
    public required LoadBalancerModel LoadBalancer { get; init; }
    public required K0sModel K0s { get; init; }

    /// <summary>spec.options: how rolling upgrades drain nodes and how many workers they take down at once.</summary>
    public Spec.OptionsSpec Options { get; init; } = new();

    public IEnumerable<HostModel> Controllers => Hosts.Where(h => h.IsController);
    public IEnumerable<HostModel> Workers => Hosts.Where(h => h.Role == HostRole.Worker);
    public IEnumerable<HostModel> LoadBalancerHosts => Hosts.Where(h => h.Role == HostRole.LoadBalancer);

    /// <summary>The address clients and joining nodes use for the API: the VIP, the external LB, or the first controller.</summary>
    public string ApiAddress => LoadBalancer.ClientAddress ?? Controllers.First().PrivateAddress;
}

public sealed record HostModel
{
    /// <summary>Position in spec.hosts; also the path prefix for messages.</summary>
    public required int Index { get; init; }
    public required HostRole Role { get; init; }
    /// <summary>A stable name for configs and output: the spec's hostname, else the connect address.</summary>
    public required string Name { get; init; }
    public required ConnectionModel Connection { get; init; }
    /// <summary>Address used inside the cluster (etcd peer, HAProxy backend): privateAddress, else the SSH address.</summary>
    public required string PrivateAddress { get; init; }
    /// <summary>Interface for VRRP; null until given in the spec or discovered from the host.</summary>
    public string? PrivateInterface { get; init; }
    public string DataDir { get; init; } = "/var/lib/k0s";
    public IReadOnlyList<string> InstallFlags { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public HooksSpec Hooks { get; init; } = new();
    public IReadOnlyList<FileSpec> Files { get; init; } = [];
    public bool UploadBinary { get; init; }
    public string? K0sBinaryPath { get; init; }
    public bool NoTaints { get; init; }

    public bool IsController => Role is HostRole.Controller or HostRole.ControllerWorker or HostRole.Single;
    public bool RunsWorkloads => Role is HostRole.Worker or HostRole.ControllerWorker or HostRole.Single;
    public string Path => $"spec.hosts[{Index}]";
}

/// <summary>The config block a host's connection came from.</summary>
public enum ConnectionBlock
{
    /// <summary>hactl's and k0sctl's <c>ssh:</c>.</summary>
    Ssh,
    /// <summary>k0sctl's <c>openSSH:</c>: always the OpenSSH client, with the user's ssh_config.</summary>
    OpenSsh,
    /// <summary><c>localhost:</c>: this machine.</summary>
    Localhost,
}

public sealed record ConnectionModel
{
    /// <summary>Which block of the config the connection was read from.</summary>
    public ConnectionBlock Block { get; init; } = ConnectionBlock.Ssh;

    public required string Address { get; init; }
    public string User { get; init; } = "root";
    public int Port { get; init; } = 22;
    public string? KeyPath { get; init; }
    public ConnectionModel? Bastion { get; init; }
    /// <summary>An ssh_config file to use (k0sctl's openSSH.configPath).</summary>
    public string? ConfigPath { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public bool Multiplexing { get; init; } = true;
    public bool IsLocalhost => Block == ConnectionBlock.Localhost;
}

public sealed record LoadBalancerModel
{
    public required LoadBalancerType Type { get; init; }
    /// <summary>The VIP with its prefix length (haproxy-keepalived, cplb).</summary>
    public VirtualIPModel? VirtualIP { get; init; }
    public int VirtualRouterId { get; init; } = 51;
    /// <summary>Secret: never logged or printed.</summary>
    public string? AuthPass { get; init; }
    public string? Interface { get; init; }
    /// <summary>external: the user's load balancer address.</summary>
    public string? ExternalAddress { get; init; }
    public int ApiPort { get; init; } = 6443;
    public int KonnectivityPort { get; init; } = 8132;
    public int ControllerJoinPort { get; init; } = 9443;
    public StatsSpec? Stats { get; init; }
    public bool Unicast { get; init; }

    /// <summary>The address clients use, or null when there is no load balancer.</summary>
    public string? ClientAddress => Type switch
    {
        LoadBalancerType.External => ExternalAddress,
        LoadBalancerType.HaproxyKeepalived or LoadBalancerType.Cplb => VirtualIP?.Address.ToString(),
        _ => null,
    };
}

public sealed record VirtualIPModel(IPAddress Address, int PrefixLength)
{
    public override string ToString() => $"{Address}/{PrefixLength}";
}

public sealed record K0sModel
{
    public string? Version { get; init; }
    /// <summary>The user's ClusterConfig; renderers clone it before merging hactl's settings in.</summary>
    public YamlMappingNode? Config { get; init; }
}
