using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec;

// Records that mirror the YAML the user wrote, field for field. Nothing here is derived or defaulted
// beyond what the file says; the cluster model (Model/) is built from a valid spec.

/// <summary>A whole config file: the Cluster document and an optional separate k0s ClusterConfig document.</summary>
public sealed record ClusterSpec
{
    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public MetadataSpec Metadata { get; init; } = new();
    public IReadOnlyList<HostSpec> Hosts { get; init; } = [];
    public K0sSpec K0s { get; init; } = new();
    public LoadBalancerSpec? LoadBalancer { get; init; }
    /// <summary>k0sctl's spec.options (drain, concurrency...), kept so k0sctl files read as they are.</summary>
    public OptionsSpec Options { get; init; } = new();

    public bool IsHactl => ApiVersion == ApiVersions.Hactl;
}

public sealed record MetadataSpec
{
    public string Name { get; init; } = "k0s-cluster";
    /// <summary>k0sctl's kubeconfig user name; accepted for compatibility.</summary>
    public string? User { get; init; }
}

public sealed record HostSpec
{
    public required string Role { get; init; }
    public SshSpec? Ssh { get; init; }
    public OpenSshSpec? OpenSsh { get; init; }
    public LocalhostSpec? Localhost { get; init; }
    public string? PrivateInterface { get; init; }
    public string? PrivateAddress { get; init; }
    public string? DataDir { get; init; }
    public IReadOnlyList<string> InstallFlags { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public HooksSpec Hooks { get; init; } = new();
    public IReadOnlyList<FileSpec> Files { get; init; } = [];
    public bool UploadBinary { get; init; }
    public string? K0sBinaryPath { get; init; }
    public bool NoTaints { get; init; }
    public string? Hostname { get; init; }
    public string? Os { get; init; }
    /// <summary>k0sctl fields hactl reads but does not act on (each gives a warning when set).</summary>
    public bool Reset { get; init; }
    public string? KubeletRootDir { get; init; }
    public bool UseExistingK0s { get; init; }
    public string? K0sInstallPath { get; init; }
    public string? K0sDownloadUrl { get; init; }

    /// <summary>The address hactl connects to, whichever connection block the host uses.</summary>
    public string? ConnectAddress => Ssh?.Address ?? OpenSsh?.Address ?? (Localhost?.Enabled == true ? "127.0.0.1" : null);
}

public sealed record SshSpec
{
    public string? Address { get; init; }
    public string User { get; init; } = "root";
    public int Port { get; init; } = 22;
    public string? KeyPath { get; init; }
    /// <summary>k0sctl's pinned host key; hactl verifies host keys with known_hosts instead.</summary>
    public string? HostKey { get; init; }
    public SshSpec? Bastion { get; init; }
}

/// <summary>k0sctl's openSSH block: the system ssh client with the user's own config.</summary>
public sealed record OpenSshSpec
{
    public string? Address { get; init; }
    public string? User { get; init; }
    public int? Port { get; init; }
    public string? KeyPath { get; init; }
    public string? ConfigPath { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public bool DisableMultiplexing { get; init; }
}

public sealed record LocalhostSpec
{
    public bool Enabled { get; init; }
}

/// <summary>Hook commands by action and moment, e.g. apply.before.</summary>
public sealed record HooksSpec
{
    public IReadOnlyDictionary<string, HookStageSpec> Actions { get; init; } = new Dictionary<string, HookStageSpec>();
}

public sealed record HookStageSpec
{
    public IReadOnlyList<string> Before { get; init; } = [];
    public IReadOnlyList<string> After { get; init; } = [];
}

public sealed record FileSpec
{
    public string? Name { get; init; }
    public string? Src { get; init; }
    public string? Data { get; init; }
    public string? DstDir { get; init; }
    public string? Dst { get; init; }
    public string? Perm { get; init; }
    public string? DirPerm { get; init; }
    public string? User { get; init; }
    public string? Group { get; init; }
}

public sealed record K0sSpec
{
    public string? Version { get; init; }
    public string? VersionChannel { get; init; }
    public bool DynamicConfig { get; init; }

    /// <summary>The user's k0s ClusterConfig (from spec.k0s.config or a separate document). Never mutate: clone first.</summary>
    public YamlMappingNode? Config { get; init; }
}

public sealed record LoadBalancerSpec
{
    /// <summary>haproxy-keepalived | cplb | external (see <see cref="LoadBalancerTypes"/>).</summary>
    public required string Type { get; init; }
    public string? VirtualIP { get; init; }
    public int? VirtualRouterID { get; init; }
    public string? AuthPass { get; init; }
    public string? Interface { get; init; }
    public string? Address { get; init; }
    public LoadBalancerPortsSpec Ports { get; init; } = new();
    public StatsSpec? Stats { get; init; }
    /// <summary>VRRP over unicast to the other LB hosts instead of multicast.</summary>
    public bool Unicast { get; init; }
}

public sealed record LoadBalancerPortsSpec
{
    public int Api { get; init; } = 6443;
    public int Konnectivity { get; init; } = 8132;
    public int ControllerJoin { get; init; } = 9443;
}

public sealed record StatsSpec
{
    public int Port { get; init; } = 9000;
    public string? Bind { get; init; }
}

public static class LoadBalancerTypes
{
    public const string HaproxyKeepalived = "haproxy-keepalived";
    public const string Cplb = "cplb";
    public const string External = "external";

    public static readonly IReadOnlyList<string> All = [HaproxyKeepalived, Cplb, External];
}

public static class Roles
{
    public const string Controller = "controller";
    public const string Worker = "worker";
    public const string ControllerWorker = "controller+worker";
    public const string Single = "single";
    public const string LoadBalancer = "loadbalancer";

    public static readonly IReadOnlyList<string> All = [Controller, Worker, ControllerWorker, Single, LoadBalancer];
}
