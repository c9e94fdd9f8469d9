using System.Collections.Concurrent;
using HaCluster.Hosts;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Tests.Fakes;

/// <summary>What fake k0s hosts answer: etcd that grows as controllers start, tokens, APIs that are ready.</summary>
internal static class K0sFakes
{
    public const string TokenId = "ab12cd";
    public static readonly string Token = JoinTokenText.WithId(TokenId);

    /// <summary>Facts of a host with k0s installed, its service running and in the cluster.</summary>
    public static HostFacts Joined(string hostname, string unit) => FakeRun.Facts(hostname) with
    {
        ServiceStates = new Dictionary<string, string> { [unit] = "active" },
        EtcdJoined = unit == "k0scontroller",
        KubeletJoined = unit == "k0sworker",
        K0sVersion = "v1.33.4+k0s.0",
        K0sVersionRecorded = true,
    };

    /// <summary>
    /// Makes <paramref name="leader"/> the cluster's leader: its etcd lists itself and every controller whose k0s has
    /// started (recorded in <paramref name="started"/>); tokens are created and invalidated; every API is ready, and every node whose k0s has started is Ready.
    /// Each member list it answers is journalled as "etcd has N members".
    /// </summary>
    public static void Lead(FakeRun run, string leader, ConcurrentQueue<string> started)
    {
        run[leader]
            .On("timeout 30 /usr/local/bin/k0s etcd member-list", _ =>
            {
                string[] members = [leader, .. started];
                run.Journal.Enqueue($"etcd has {members.Length} members");
                var list = string.Join(',', members.Select(m => $"\"{m}\":\"https://{Address(run, m)}:2380\""));
                return new CommandResult(0, $"{{\"members\":{{{list}}}}}\n", "");
            })
            .On("/usr/local/bin/k0s token create", Token + "\n")
            .On("/usr/local/bin/k0s token invalidate", "")
            .On("/usr/local/bin/k0s kubectl --request-timeout=5s get nodes -o json", _ => new CommandResult(0, Nodes(started), ""))
            .On("/usr/local/bin/k0s kubectl get node", "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}")
            .On("/usr/local/bin/k0s kubectl", "ok\n");
    }

    /// <summary>`kubectl get nodes -o json` listing each of <paramref name="ready"/> as a Ready node.</summary>
    public static string Nodes(IEnumerable<string> ready) =>
        "{\"items\":[" + string.Join(',', ready.Select(n =>
            $"{{\"metadata\":{{\"name\":\"{n}\"}},\"status\":{{\"conditions\":[{{\"type\":\"Ready\",\"status\":\"True\"}}]}}}}")) + "]}";

    /// <summary>A host that installs and starts k0s (recording that it started) and whose own API is ready.</summary>
    public static void Joins(FakeRun run, string host, ConcurrentQueue<string> started) =>
        run[host]
            .On("/usr/local/bin/k0s install", "")
            .On("systemctl start", _ =>
            {
                started.Enqueue(host);
                return new CommandResult(0, "", "");
            })
            .On("/usr/local/bin/k0s kubectl", "ok\n")
            .On("rm -f", "");

    /// <summary>The state after initializing: the gathered cluster with <paramref name="leader"/> leading a running cluster.</summary>
    public static LedCluster LedBy(FakeRun run, string leader, Func<HostSession, HostFacts> facts)
    {
        var gathered = run.Gathered(facts);
        return new LedCluster(gathered, new ClusterLeader(gathered.Hosts.Single(h => h.Name == leader), WasRunning: true));
    }

    private static string Address(FakeRun run, string host) => run.Context.Sessions.Single(s => s.Name == host).Host.PrivateAddress;
}
