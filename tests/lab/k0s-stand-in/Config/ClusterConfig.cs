using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace K0sStandIn.Config;

// k0s's ClusterConfig (k0s.k0sproject.io/v1beta1), field for field where the stand-in acts on it. Subtrees the
// stand-in does not act on (images, extensions, calico, …) are kept as opaque JSON so they still round-trip.

internal sealed record ClusterConfig
{
    public string ApiVersion { get; init; } = "k0s.k0sproject.io/v1beta1";
    public string Kind { get; init; } = "ClusterConfig";
    public ObjectMeta Metadata { get; init; } = new();
    public ClusterSpec Spec { get; init; } = new();
    public JsonObject? Status { get; init; }
}

internal sealed record ObjectMeta
{
    public string Name { get; init; } = "k0s";
    public string? Namespace { get; init; } = "kube-system";
    public Dictionary<string, string>? Labels { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
    public JsonNode? CreationTimestamp { get; init; }
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
    public long? Generation { get; init; }
}

internal sealed record ClusterSpec
{
    public ApiSpec Api { get; init; } = new();
    public StorageSpec Storage { get; init; } = new();
    public NetworkSpec Network { get; init; } = new();
    public KonnectivitySpec Konnectivity { get; init; } = new();
    public JsonObject? ControllerManager { get; init; }
    public JsonObject? Scheduler { get; init; }
    public JsonArray? WorkerProfiles { get; init; }
    public JsonObject? Telemetry { get; init; }
    public JsonObject? InstallConfig { get; init; }
    public JsonObject? Images { get; init; }
    public JsonObject? Extensions { get; init; }
    public JsonArray? FeatureGates { get; init; }
    public JsonObject? MetricsServer { get; init; }
}

internal sealed record ApiSpec
{
    public string? Address { get; init; }
    public bool? OnlyBindToAddress { get; init; }
    public string? ExternalAddress { get; init; }
    public Dictionary<string, string>? ExtraArgs { get; init; }
    public int? K0sApiPort { get; init; }
    public int? Port { get; init; }

    [JsonPropertyName("sans")]
    public List<string>? Sans { get; init; }

    public JsonObject? Ca { get; init; }
}

internal sealed record StorageSpec
{
    public string? Type { get; init; }
    public EtcdSpec Etcd { get; init; } = new();
    public JsonObject? Kine { get; init; }
}

internal sealed record EtcdSpec
{
    public string? PeerAddress { get; init; }
    public Dictionary<string, string>? ExtraArgs { get; init; }
    public JsonObject? ExternalCluster { get; init; }
    public JsonObject? Ca { get; init; }
}

internal sealed record NetworkSpec
{
    public string? Provider { get; init; }

    [JsonPropertyName("podCIDR")]
    public string? PodCidr { get; init; }

    [JsonPropertyName("serviceCIDR")]
    public string? ServiceCidr { get; init; }

    public string? ClusterDomain { get; init; }
    public string? PrimaryAddressFamily { get; init; }
    public JsonObject? DualStack { get; init; }
    public JsonObject? Kuberouter { get; init; }
    public JsonObject? Calico { get; init; }
    public JsonObject? KubeProxy { get; init; }
    public JsonObject? NodeLocalLoadBalancing { get; init; }
    public CplbSpec? ControlPlaneLoadBalancing { get; init; }
}

internal sealed record KonnectivitySpec
{
    public int? AgentPort { get; init; }
    public int? AdminPort { get; init; }
    public string? ExternalAddress { get; init; }
}

internal sealed record CplbSpec
{
    public bool Enabled { get; init; }
    public string? Type { get; init; }
    public KeepalivedSpec? Keepalived { get; init; }
}

internal sealed record KeepalivedSpec
{
    public List<VrrpInstance>? VrrpInstances { get; init; }
    public List<VirtualServer>? VirtualServers { get; init; }
    public bool? DisableLoadBalancer { get; init; }
    public int? UserSpaceProxyPort { get; init; }
}

internal sealed record VrrpInstance
{
    [JsonPropertyName("virtualIPs")]
    public List<string>? VirtualIps { get; init; }

    public string? Interface { get; init; }

    [JsonPropertyName("virtualRouterID")]
    public int? VirtualRouterId { get; init; }

    public int? AdvertIntervalSeconds { get; init; }
    public string? AuthPass { get; init; }

    [JsonPropertyName("unicastSourceIP")]
    public string? UnicastSourceIp { get; init; }

    public List<string>? UnicastPeers { get; init; }
}

internal sealed record VirtualServer
{
    public string? IpAddress { get; init; }
    public string? DelayLoop { get; init; }
    public string? LbAlgo { get; init; }
    public string? LbKind { get; init; }
    public int? PersistenceTimeoutSeconds { get; init; }
}
