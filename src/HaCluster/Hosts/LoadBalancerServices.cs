namespace HaCluster.Hosts;

/// <summary>The services hactl runs on load balancer hosts, and the packages that bring them.</summary>
public static class LoadBalancerServices
{
    public const string Haproxy = "haproxy";
    public const string Keepalived = "keepalived";

    public static readonly string[] Units = [Haproxy, Keepalived];

    // socat: hactl status reads backend states from HAProxy's admin socket with it.
    public static readonly string[] Packages = [Haproxy, Keepalived, "socat"];
}
