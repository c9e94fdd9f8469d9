using System.Text.Json;
using HaCluster.EndToEnd.Lab;
using HaCluster.K0s;

namespace HaCluster.EndToEnd.Apply;

/// <summary>Looks at a lab cluster out of band (lab exec, the real kubectl), never through hactl.</summary>
internal static class ClusterChecks
{
    private static readonly string[] ManagedFiles =
    [
        "/etc/haproxy/haproxy.cfg", "/etc/keepalived/keepalived.conf", "/etc/keepalived/check_apiserver.sh",
        "/etc/k0s/k0s.yaml", "/usr/local/bin/k0s", "/etc/systemd/system/k0scontroller.service", "/etc/systemd/system/k0sworker.service",
    ];

    private static readonly string[] Units = ["haproxy", "keepalived", "k0scontroller", "k0sworker"];

    public static IEnumerable<LabHost> WithRole(this Lab.Lab lab, string role) => lab.Hosts.Where(h => h.Role == role);

    public static async Task<IReadOnlyDictionary<string, string>> EtcdMembersAsync(Lab.Lab lab, string controller) =>
        K0sOutput.ParseMemberList((await lab.ExecAsync(controller, "timeout", "30", "k0s", "etcd", "member-list")).ThrowIfFailed().StdOut);

    /// <summary>Names of the nodes whose Ready condition is True, asked on a controller.</summary>
    public static async Task<IReadOnlyList<string>> ReadyNodesAsync(Lab.Lab lab, string controller)
    {
        var json = (await lab.ExecAsync(controller, "k0s", "kubectl", "get", "nodes", "-o", "json")).ThrowIfFailed().StdOut;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("items").EnumerateArray()
            .Where(node => node.GetProperty("status").GetProperty("conditions").EnumerateArray()
                .Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True"))
            .Select(node => node.GetProperty("metadata").GetProperty("name").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The load balancer hosts that hold the VIP right now.</summary>
    public static async Task<IReadOnlyList<string>> VipHoldersAsync(Lab.Lab lab, IEnumerable<string> hosts)
    {
        var holders = new List<string>();
        foreach (var host in hosts)
        {
            if ((await lab.IpAddrAsync(host)).Any(a => a.StartsWith(lab.VirtualIP + "/", StringComparison.Ordinal)))
            {
                holders.Add(host);
            }
        }
        return holders;
    }

    /// <summary>The real kubectl on this machine, with a kubeconfig hactl wrote: /readyz through whatever server it names.</summary>
    public static Task<ProcessResult> KubectlReadyzAsync(string kubeconfig) =>
        ProcessRunner.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "--request-timeout=5s", "get", "--raw", "/readyz"], TimeSpan.FromSeconds(20));

    /// <summary>What must not change on a no-op apply: managed files' hashes and the start times of the services.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(Lab.Lab lab)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var host in lab.Hosts.Where(h => h.Role != "external-loadbalancer"))
        {
            var hashes = await lab.ExecAsync(host.Name, ["sh", "-c", "sha256sum \"$@\" 2>/dev/null; true", "sh", .. ManagedFiles]);
            snapshot[$"{host.Name} files"] = hashes.ThrowIfFailed().StdOut;
            var starts = await lab.ExecAsync(host.Name, ["systemctl", "show", "-p", "Id,ActiveEnterTimestampMonotonic,MainPID", .. Units.Select(u => u + ".service")]);
            snapshot[$"{host.Name} units"] = starts.ThrowIfFailed().StdOut;
        }
        return snapshot;
    }
}
