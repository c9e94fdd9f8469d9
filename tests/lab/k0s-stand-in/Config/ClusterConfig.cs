using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace K0sStandIn.Config;

// k0s's ClusterConfig (k0s.k0sproject.io/v1beta1), field for field where the stand-in acts on it. Subtrees the
// stand-in does not act on (images, extensions, calico, …) are kept as opaque JSON so they still round-trip.
// Setters, not init: the source-generated deserializer (JsonContexts.cs) sets every init-only property, so a field the
// document leaves out would lose its default (Spec, Api, …) and become null.

internal sealed record ClusterConfig
{
    public string ApiVersion { get; set; } = "k0s.k0sproject.io/v1beta1";
    public string Kind { get; set; } = "ClusterConfig";
    public ObjectMeta Metadata { get; set; } = new();
    public ClusterSpec Spec { get; set; } = new();
    public JsonObject? Status { get; set; }
}

internal sealed record ObjectMeta
{
    public string Name { get; set; } = "k0s";
    public string? Namespace { get; set; } = "kube-system";
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public JsonNode? CreationTimestamp { get; set; }
    public string? Uid { get; set; }
    public string? ResourceVersion { get; set; }
    public long? Generation { get; set; }
}

internal sealed record ClusterSpec
{
    public ApiSpec Api { get; set; } = new();
    public StorageSpec Storage { get; set; } = new();
    public NetworkSpec Network { get; set; } = new();
    public KonnectivitySpec Konnectivity { get; set; } = new();
    public JsonObject? ControllerManager { get; set; }
    public JsonObject? Scheduler { get; set; }
    public JsonArray? WorkerProfiles { get; set; }
    public JsonObject? Telemetry { get; set; }
    public JsonObject? InstallConfig { get; set; }
    public JsonObject? Images { get; set; }
    public JsonObject? Extensions { get; set; }
    public JsonArray? FeatureGates { get; set; }
    public JsonObject? MetricsServer { get; set; }
}

internal sealed record ApiSpec
{
    public string? Address { get; set; }
    public bool? OnlyBindToAddress { get; set; }
    public string? ExternalAddress { get; set; }
    public Dictionary<string, string>? ExtraArgs { get; set; }
    public int? K0sApiPort { get; set; }
    public int? Port { get; set; }

    [JsonPropertyName("sans")]
    public List<string>? Sans { get; set; }

    public JsonObject? Ca { get; set; }
}

internal sealed record StorageSpec
{
    public string? Type { get; set; }
    public EtcdSpec Etcd { get; set; } = new();
    public JsonObject? Kine { get; set; }
}

internal sealed record EtcdSpec
{
    public string? PeerAddress { get; set; }
    public Dictionary<string, string>? ExtraArgs { get; set; }
    public JsonObject? ExternalCluster { get; set; }
    public JsonObject? Ca { get; set; }
}

internal sealed record NetworkSpec
{
    public string? Provider { get; set; }

    [JsonPropertyName("podCIDR")]
    public string? PodCidr { get; set; }

    [JsonPropertyName("serviceCIDR")]
    public string? ServiceCidr { get; set; }

    public string? ClusterDomain { get; set; }
    public string? PrimaryAddressFamily { get; set; }
    public JsonObject? DualStack { get; set; }
    public JsonObject? Kuberouter { get; set; }
    public JsonObject? Calico { get; set; }
    public JsonObject? KubeProxy { get; set; }
    public JsonObject? NodeLocalLoadBalancing { get; set; }
    public CplbSpec? ControlPlaneLoadBalancing { get; set; }
}

internal sealed record KonnectivitySpec
{
    public int? AgentPort { get; set; }
    public int? AdminPort { get; set; }
    public string? ExternalAddress { get; set; }
}

internal sealed record CplbSpec
{
    public bool Enabled { get; set; }
    public string? Type { get; set; }
    public KeepalivedSpec? Keepalived { get; set; }
}

internal sealed record KeepalivedSpec
{
    public List<VrrpInstance>? VrrpInstances { get; set; }
    public List<VirtualServer>? VirtualServers { get; set; }
    public bool? DisableLoadBalancer { get; set; }
    public int? UserSpaceProxyPort { get; set; }
}

internal sealed record VrrpInstance
{
    [JsonPropertyName("virtualIPs")]
    public List<string>? VirtualIps { get; set; }

    public string? Interface { get; set; }

    [JsonPropertyName("virtualRouterID")]
    public int? VirtualRouterId { get; set; }

    public int? AdvertIntervalSeconds { get; set; }
    public string? AuthPass { get; set; }

    [JsonPropertyName("unicastSourceIP")]
    public string? UnicastSourceIp { get; set; }

    public List<string>? UnicastPeers { get; set; }
}

internal sealed record VirtualServer
{
    public string? IpAddress { get; set; }
    public string? DelayLoop { get; set; }
    public string? LbAlgo { get; set; }
    public string? LbKind { get; set; }
    public int? PersistenceTimeoutSeconds { get; set; }
}
