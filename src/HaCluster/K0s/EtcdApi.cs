using System.Globalization;
using HaCluster.Remote;

namespace HaCluster.K0s;

/// <summary>
/// etcd's v3 JSON gateway, asked on a controller with curl and the API server's etcd client certificate
/// (k0s-contract.md, "PKI"). `k0s etcd member-list` names members but says nothing of their health or the leader,
/// and k0s has no etcd status command; etcd's own maintenance/status does, for every member.
/// </summary>
public static class EtcdApi
{
    /// <summary>The local member's client URL: it answers for the cluster's membership.</summary>
    public const string LocalClientUrl = "https://127.0.0.1:2379";

    // Each reply is framed by a "### <curl exit code> <url>" line; curl's own error goes to the body.
    private const string Script = """
        pki=$1; shift
        for url in "$@"; do
          body=$(curl -sS --connect-timeout 2 --max-time 5 --cacert "$pki/etcd/ca.crt" \
            --cert "$pki/apiserver-etcd-client.crt" --key "$pki/apiserver-etcd-client.key" -X POST -d '{}' "$url" 2>&1)
          echo "### $? $url"
          printf '%s\n' "$body"
        done
        """;

    public static RemoteCommand MemberList(string dataDir) =>
        RemoteCommand.Script("etcd member list", Script, K0sPaths.Pki(dataDir), $"{LocalClientUrl}/v3/cluster/member/list");

    /// <summary>maintenance/status of each member, asked at its client URL.</summary>
    public static RemoteCommand Status(string dataDir, IEnumerable<string> clientUrls) =>
        RemoteCommand.Script("etcd member status", Script, [K0sPaths.Pki(dataDir), .. clientUrls.Select(StatusUrl)]);

    public static string StatusUrl(string clientUrl) => $"{(clientUrl ?? throw new ArgumentNullException(nameof(clientUrl))).TrimEnd('/')}/v3/maintenance/status";

    /// <summary>Splits the script's output into one reply per URL.</summary>
    public static IReadOnlyList<EtcdReply> ParseReplies(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var replies = new List<EtcdReply>();
        string? url = null;
        var exitCode = 0;
        var body = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            var words = line.Split(' ', 3);
            if (words is ["###", var code, var next] && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                Flush();
                (url, exitCode) = (next, parsed);
            }
            else if (url is not null)
            {
                body.Add(line);
            }
        }
        Flush();
        return replies;

        void Flush()
        {
            if (url is not null)
            {
                replies.Add(new EtcdReply(url, exitCode, string.Join('\n', body).Trim()));
            }
            body.Clear();
        }
    }
}

/// <summary>What one URL answered: curl's exit code and the body (or curl's error message).</summary>
public sealed record EtcdReply(string Url, int ExitCode, string Body)
{
    public bool Answered => ExitCode == 0 && Body.StartsWith('{');
}
