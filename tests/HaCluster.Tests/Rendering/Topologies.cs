using HaCluster.Model;
using HaCluster.Spec;
using static HaCluster.Tests.Fakes.TestClusters;

namespace HaCluster.Tests.Rendering;

/// <summary>Named clusters shared by the golden-file and real-tool tests.</summary>
internal static class Topologies
{
    private const string UserConfig = """
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata:
          name: user-named
        spec:
          api:
            port: 6443
            sans: [api.example.com, 10.0.0.100, api.example.com]
          network:
            provider: calico
        """;

    public static readonly IReadOnlyDictionary<string, ClusterModel> All = new Dictionary<string, ClusterModel>
    {
        // Interface falls back to eth0; no stats; a lone LB host.
        ["haproxy-1lb-1c"] = Cluster(HaproxyKeepalived(), lbHosts: 1, controllers: 1),
        ["haproxy-2lb-3c-multicast-stats"] = Cluster(HaproxyKeepalived(stats: new StatsSpec { Port = 9000 }),
            lbHosts: 2, controllers: 3, workers: 2, privateInterface: "eth1", k0sConfig: K0sConfig(UserConfig)),
        ["haproxy-3lb-5c-unicast-stats-bind"] = Cluster(
            HaproxyKeepalived(unicast: true, stats: new StatsSpec { Port = 8404, Bind = "127.0.0.1" }, iface: "ens4"),
            lbHosts: 3, controllers: 5, workers: 1),
        ["haproxy-2lb-7c-unicast-custom-ports"] = Cluster(
            HaproxyKeepalived(unicast: true) with { ApiPort = 16443, KonnectivityPort = 18132, ControllerJoinPort = 19443 },
            lbHosts: 2, controllers: 7, controllerRole: HostRole.ControllerWorker),
        // keepalived rejects unicast without peers: a lone host stays on multicast.
        ["haproxy-1lb-3c-unicast"] = Cluster(HaproxyKeepalived(unicast: true), lbHosts: 1, controllers: 3, workers: 1),
        ["haproxy-3lb-1c-multicast-stats"] = Cluster(HaproxyKeepalived(stats: new StatsSpec { Port = 9000, Bind = "0.0.0.0" }),
            lbHosts: 3, controllers: 1, privateInterface: "bond0"),
        ["cplb-3c"] = Cluster(Cplb(), controllers: 3, workers: 2, privateInterface: "eth1", k0sConfig: K0sConfig(UserConfig)),
        ["cplb-3c-unicast"] = Cluster(Cplb(unicast: true, iface: "ens4"), controllers: 3, controllerRole: HostRole.ControllerWorker),
        ["external-3c"] = Cluster(External(), controllers: 3, workers: 1, k0sConfig: K0sConfig(UserConfig)),
        ["single-no-lb"] = Cluster(NoLoadBalancer, controllers: 1, controllerRole: HostRole.Single),
    };

    public static IEnumerable<string> HaproxyKeepalived =>
        All.Where(t => t.Value.LoadBalancer.Type == LoadBalancerType.HaproxyKeepalived).Select(t => t.Key);

    public static TheoryData<string> Names => [.. All.Keys];

    public static TheoryData<string> HaproxyKeepalivedNames => [.. HaproxyKeepalived];
}
