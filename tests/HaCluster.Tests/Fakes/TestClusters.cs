using System.Net;
using HaCluster.Model;
using HaCluster.Spec;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Tests.Fakes;

/// <summary>
/// The one way unit tests build a cluster model, directly, without the YAML reader. Addresses: LB hosts lb-N at
/// 10.0.0.(4+N), controllers controller-N at 10.0.0.(10+N), workers worker-N at 10.0.0.(20+N); the VIP is 10.0.0.100/24.
/// With short names (the operation tests' shape) the hosts are lbN, cN and wN at the same addresses.
/// </summary>
internal static class TestClusters
{
    public const string AuthPass = "s3cr3t";
    public const string Vip = "10.0.0.100";

    public static LoadBalancerModel HaproxyKeepalived(bool unicast = false, StatsSpec? stats = null, string? iface = null) => new()
    {
        Type = LoadBalancerType.HaproxyKeepalived,
        VirtualIP = new VirtualIPModel(IPAddress.Parse(Vip), 24),
        AuthPass = AuthPass,
        Unicast = unicast,
        Stats = stats,
        Interface = iface,
    };

    public static LoadBalancerModel Cplb(bool unicast = false, string? iface = null) => new()
    {
        Type = LoadBalancerType.Cplb,
        VirtualIP = new VirtualIPModel(IPAddress.Parse(Vip), 24),
        AuthPass = AuthPass,
        VirtualRouterId = 52,
        Unicast = unicast,
        Interface = iface,
    };

    public static LoadBalancerModel External(string address = "k8s-api.example.com") => new()
    {
        Type = LoadBalancerType.External,
        ExternalAddress = address,
    };

    public static LoadBalancerModel NoLoadBalancer => new() { Type = LoadBalancerType.None };

    /// <summary>Hosts in spec order: LB hosts, then controllers, then workers.</summary>
    public static ClusterModel Cluster(LoadBalancerModel lb, int lbHosts = 0, int controllers = 3, int workers = 0,
        HostRole controllerRole = HostRole.Controller, string? privateInterface = null, YamlMappingNode? k0sConfig = null,
        bool shortNames = false, string name = "prod")
    {
        var hosts = new List<HostModel>();
        for (var n = 1; n <= lbHosts; n++)
        {
            hosts.Add(Host(hosts.Count, HostRole.LoadBalancer, shortNames ? $"lb{n}" : $"lb-{n}", $"10.0.0.{4 + n}", privateInterface));
        }

        for (var n = 1; n <= controllers; n++)
        {
            hosts.Add(Host(hosts.Count, controllerRole, shortNames ? $"c{n}" : $"controller-{n}", $"10.0.0.{10 + n}", privateInterface));
        }

        for (var n = 1; n <= workers; n++)
        {
            hosts.Add(Host(hosts.Count, HostRole.Worker, shortNames ? $"w{n}" : $"worker-{n}", $"10.0.0.{20 + n}", privateInterface));
        }

        return new ClusterModel
        {
            Name = name,
            Hosts = hosts,
            LoadBalancer = lb,
            K0s = new K0sModel { Version = "v1.33.4+k0s.0", Config = k0sConfig },
        };
    }

    /// <summary>The operation tests' cluster: lb1, c1..cN (10.0.0.11…), w1, behind HAProxy + keepalived.</summary>
    public static ClusterModel Ops(int controllers = 3, int workers = 1, string? authPass = "s3cretpw") =>
        Cluster(HaproxyKeepalived() with { AuthPass = authPass }, lbHosts: 1, controllers: controllers, workers: workers, shortNames: true, name: "ops");

    public static HostModel Host(int index, HostRole role, string name, string address, string? privateInterface = null) => new()
    {
        Index = index,
        Role = role,
        Name = name,
        Connection = new ConnectionModel { Address = address },
        PrivateAddress = address,
        PrivateInterface = privateInterface,
    };

    /// <summary>A k0s ClusterConfig from YAML text, as the spec reader would hand it over.</summary>
    public static YamlMappingNode K0sConfig(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
