using HaCluster.Model;

namespace HaCluster.Tests.Operations;

/// <summary>A small haproxy-keepalived cluster for eject and status tests: lb1, c1-c3 (10.0.0.11-13), w1.</summary>
internal static class OpsCluster
{
    public static ClusterModel Model(int controllers = 3) => new()
    {
        Name = "ops",
        Hosts =
        [
            Host(0, HostRole.LoadBalancer, "lb1", "10.0.0.5"),
            .. Enumerable.Range(1, controllers).Select(i => Host(i, HostRole.Controller, $"c{i}", $"10.0.0.{10 + i}")),
            Host(controllers + 1, HostRole.Worker, "w1", "10.0.0.21"),
        ],
        LoadBalancer = new LoadBalancerModel
        {
            Type = LoadBalancerType.HaproxyKeepalived,
            VirtualIP = new VirtualIPModel(System.Net.IPAddress.Parse("10.0.0.100"), 24),
            AuthPass = "s3cretpw",
        },
        K0s = new K0sModel(),
    };

    public static HostModel Host(int index, HostRole role, string name, string address) => new()
    {
        Index = index,
        Role = role,
        Name = name,
        Connection = new ConnectionModel { Address = address },
        PrivateAddress = address,
    };
}
