using K0sStandIn.Hosting;

namespace K0sStandIn.Config;

/// <summary>Fills in k0s's defaults, as k0s does before validating and using a config.</summary>
internal static class ConfigDefaults
{
    public const int ApiPort = 6443;
    public const int K0sApiPort = 9443;
    public const int KonnectivityAgentPort = 8132;
    public const int KonnectivityAdminPort = 8133;
    private const int FirstVirtualRouterId = 51;

    public static ClusterConfig Apply(ClusterConfig config, HostFacts host, bool singleNode)
    {
        var spec = config.Spec;
        var address = spec.Api.Address ?? host.FirstPublicAddress;
        return config with
        {
            Spec = spec with
            {
                Api = spec.Api with
                {
                    Address = address,
                    Port = spec.Api.Port ?? ApiPort,
                    K0sApiPort = spec.Api.K0sApiPort ?? K0sApiPort,
                },
                Storage = spec.Storage with
                {
                    Type = spec.Storage.Type ?? (singleNode ? "kine" : "etcd"),
                    Etcd = spec.Storage.Etcd with { PeerAddress = spec.Storage.Etcd.PeerAddress ?? host.FirstPublicAddress },
                },
                Network = spec.Network with
                {
                    Provider = spec.Network.Provider ?? "kuberouter",
                    PodCidr = spec.Network.PodCidr ?? "10.244.0.0/16",
                    ServiceCidr = spec.Network.ServiceCidr ?? "10.96.0.0/12",
                    ClusterDomain = spec.Network.ClusterDomain ?? "cluster.local",
                    ControlPlaneLoadBalancing = Cplb(spec.Network.ControlPlaneLoadBalancing, host, address),
                },
                Konnectivity = spec.Konnectivity with
                {
                    AgentPort = spec.Konnectivity.AgentPort ?? KonnectivityAgentPort,
                    AdminPort = spec.Konnectivity.AdminPort ?? KonnectivityAdminPort,
                },
            },
        };
    }

    private static CplbSpec? Cplb(CplbSpec? cplb, HostFacts host, string? apiAddress)
    {
        if (cplb is null)
        {
            return null;
        }

        var keepalived = cplb.Keepalived ?? new KeepalivedSpec();
        // k0s picks the interface owning the default route; lab hosts have none, so fall back to the API address's.
        var nic = host.DefaultRouteInterface ?? (apiAddress is null ? null : host.InterfaceOf(apiAddress));
        return cplb with
        {
            Type = cplb.Type ?? "Keepalived",
            Keepalived = keepalived with
            {
                VrrpInstances = keepalived.VrrpInstances?.Select((v, i) => v with
                {
                    Interface = v.Interface ?? nic,
                    VirtualRouterId = v.VirtualRouterId is null or 0 ? FirstVirtualRouterId + i : v.VirtualRouterId,
                    AdvertIntervalSeconds = v.AdvertIntervalSeconds is null or 0 ? 1 : v.AdvertIntervalSeconds,
                }).ToList(),
                VirtualServers = keepalived.VirtualServers?.Select(s => s with
                {
                    DelayLoop = s.DelayLoop ?? "1m0s",
                    LbAlgo = s.LbAlgo ?? "rr",
                    LbKind = s.LbKind ?? "DR",
                    PersistenceTimeoutSeconds = s.PersistenceTimeoutSeconds is null or 0 ? 360 : s.PersistenceTimeoutSeconds,
                }).ToList(),
            },
        };
    }
}
