using HaCluster.Status;

namespace HaCluster.Cli.Commands;

/// <summary>`hactl status` for people: a verdict line, then tables of hosts, etcd members and HAProxy servers, then the problems.</summary>
internal static class StatusReport
{
    public static string Render(ClusterStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var sections = new List<string> { Verdict(status), Hosts(status), Etcd(status), LoadBalancer(status.LoadBalancer) };
        if (status.Problems.Count > 0)
        {
            sections.Add("PROBLEMS\n" + string.Concat(status.Problems.Select(p => $"  - {p}\n")));
        }
        return string.Join('\n', sections.Where(s => s.Length > 0));
    }

    private static string Verdict(ClusterStatus status) =>
        !status.Conclusive ? $"Cluster {status.Cluster}: unknown, no controller could be reached.\n"
        : status.Healthy ? $"Cluster {status.Cluster}: healthy.\n"
        : $"Cluster {status.Cluster}: degraded, {(status.Problems.Count == 1 ? "1 problem" : $"{status.Problems.Count} problems")}.\n";

    private static string Hosts(ClusterStatus status)
    {
        var table = new TextTable("HOST", "HOSTNAME", "ROLE", "SSH", "K0S", "SERVICES", "READY");
        foreach (var host in status.Hosts)
        {
            table.Row(
                host.Name,
                host.Hostname,
                host.Ejected ? $"{host.Role} (ejected)" : host.Role,
                host.Reachable ? "ok" : "unreachable",
                host.K0sVersion,
                string.Join(", ", host.Services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}")),
                Ready(host));
        }
        return table.ToString();
    }

    private static string Ready(HostStatus host) => string.Join(", ", new[]
    {
        host.Api is { } api ? $"api {api}" : null,
        host.Node is { } node ? $"node {node}" : null,
    }.OfType<string>());

    private static string Etcd(ClusterStatus status)
    {
        if (status.Etcd is not { } etcd)
        {
            return $"ETCD: {status.EtcdUnavailable}\n";
        }
        var table = new TextTable("ETCD MEMBER", "PEER URL", "HEALTH", "LEADER", "PROBLEM");
        foreach (var member in etcd.Members)
        {
            table.Row(member.Name, member.PeerUrl, member.Healthy ? "healthy" : "unhealthy", member.Leader ? "leader" : "", member.Problem);
        }
        return $"ETCD (asked on {etcd.AskedOn})\n{table}";
    }

    private static string LoadBalancer(LoadBalancerStatus lb)
    {
        var heading = lb.Type switch
        {
            "none" => "LOAD BALANCER: none",
            "external" => $"LOAD BALANCER: external at {lb.Address}, {(lb.Answers == true ? "answers" : "does not answer")}",
            _ => $"LOAD BALANCER: {lb.Type}, virtual IP {lb.Address} held by {(lb.VipHolders.Count == 0 ? "no host" : string.Join(", ", lb.VipHolders))}",
        };
        if (lb.Backends.Count == 0 && lb.Unreadable.Count == 0)
        {
            return heading + "\n";
        }
        var table = new TextTable("LB HOST", "BACKEND", "SERVER", "ADDRESS", "STATE", "CHECK");
        foreach (var server in lb.Backends)
        {
            table.Row(server.Host, server.Backend, server.Server, server.Address, server.State, server.Check);
        }
        foreach (var (host, why) in lb.Unreadable)
        {
            table.Row(host, "?", "?", "", "unreadable", why);
        }
        return $"{heading}\n{table}";
    }
}
