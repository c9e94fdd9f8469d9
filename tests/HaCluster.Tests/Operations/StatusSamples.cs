using HaCluster.Status;

namespace HaCluster.Tests.Operations;

/// <summary>A healthy status of lb1, lb2, c1-c3 and w1, for tests to break one thing at a time.</summary>
internal static class StatusSamples
{
    public static readonly string[] Members = ["https://10.0.0.11:2380", "https://10.0.0.12:2380", "https://10.0.0.13:2380"];

    public static ClusterStatus Healthy() => new()
    {
        Cluster = "ops",
        Hosts =
        [
            Lb("lb1"), Lb("lb2"),
            Controller("c1"), Controller("c2"), Controller("c3"),
            new HostStatus("w1", "w1", "worker", true, null, "v1.33.4+k0s.0", Units(("k0sworker", "active")), null, "Ready", false),
        ],
        Etcd = new EtcdStatus("c1",
        [
            new EtcdMemberStatus("c1", Members[0], true, true, null),
            new EtcdMemberStatus("c2", Members[1], true, false, null),
            new EtcdMemberStatus("c3", Members[2], true, false, null),
        ]),
        LoadBalancer = new LoadBalancerStatus("haproxy-keepalived", "10.0.0.100/24", ["lb1"],
            [.. new[] { "lb1", "lb2" }.SelectMany(lb => new[] { "c1", "c2", "c3" }.Select(c =>
                new LoadBalancerBackend(lb, "kube_api_controllers", c, $"{c}:6443", "UP", "L7OK")))],
            new Dictionary<string, string>(), null),
    };

    public static HostStatus Lb(string name) =>
        new(name, name, "loadbalancer", true, null, null, Units(("haproxy", "active"), ("keepalived", "active")), null, null, false);

    public static HostStatus Controller(string name) =>
        new(name, name, "controller", true, null, "v1.33.4+k0s.0", Units(("k0scontroller", "active")), "ok", null, false);

    public static Dictionary<string, string> Units(params (string Unit, string State)[] units) =>
        units.ToDictionary(u => u.Unit, u => u.State, StringComparer.Ordinal);

    public static ClusterStatus With(this ClusterStatus status, Func<HostStatus, HostStatus> change, string host) =>
        status with { Hosts = [.. status.Hosts.Select(h => h.Name == host ? change(h) : h)] };
}
