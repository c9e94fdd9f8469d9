using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Hosting;
using K0sStandIn.Pki;

namespace K0sStandIn.Etcd;

/// <summary>Runs the machine's real etcd 3.4 as k0s runs its bundled one: TLS everywhere, client certificates required.</summary>
internal static class EtcdServer
{
    public const string Binary = "/usr/bin/etcd";

    public static string PeerUrl(string peerAddress) => $"https://{Bracket(peerAddress)}:2380";

    /// <summary>How this member starts: as the first of a new cluster or as a member added to an existing one.</summary>
    public sealed record Bootstrap(IReadOnlyList<string> InitialCluster, bool Existing);

    public static IReadOnlyList<string> Arguments(K0sVars vars, PkiLayout pki, string name, string peerAddress, Bootstrap bootstrap, IReadOnlyDictionary<string, string>? extraArgs)
    {
        var peer = Bracket(peerAddress);
        var arguments = new Dictionary<string, string>
        {
            ["data-dir"] = vars.EtcdDataDir,
            ["name"] = name,
            ["listen-client-urls"] = $"https://127.0.0.1:2379,https://{peer}:2379",
            ["advertise-client-urls"] = $"https://{peer}:2379",
            ["listen-peer-urls"] = PeerUrl(peerAddress),
            ["initial-advertise-peer-urls"] = PeerUrl(peerAddress),
            ["initial-cluster"] = string.Join(',', bootstrap.InitialCluster),
            ["initial-cluster-state"] = bootstrap.Existing ? "existing" : "new",
            ["initial-cluster-token"] = "k0s-etcd-cluster",
            ["client-cert-auth"] = "true",
            ["trusted-ca-file"] = pki.EtcdCa + ".crt",
            ["cert-file"] = pki.EtcdServer + ".crt",
            ["key-file"] = pki.EtcdServer + ".key",
            ["peer-client-cert-auth"] = "true",
            ["peer-trusted-ca-file"] = pki.EtcdCa + ".crt",
            ["peer-cert-file"] = pki.EtcdPeer + ".crt",
            ["peer-key-file"] = pki.EtcdPeer + ".key",
            ["enable-pprof"] = "false",
            ["logger"] = "zap",
            ["log-outputs"] = "stderr",
            ["log-level"] = "warn",
        };
        foreach (var (key, value) in extraArgs ?? new Dictionary<string, string>())
        {
            arguments[key] = value;
        }

        return [.. arguments.Select(a => $"--{a.Key}={a.Value}")];
    }

    /// <summary>Waits until the local member serves linearizable reads: it is up and the cluster has quorum.</summary>
    public static async Task WaitUntilHealthyAsync(EtcdClient client, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            try
            {
                await client.CheckQuorumAsync(deadline.Token);
                Log.Info("etcd is healthy", ("component", "etcd"));
                return;
            }
            catch (EtcdException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), deadline.Token);
            }
        }
    }

    private static string Bracket(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
}
