namespace HaCluster.Tests.Operations;

/// <summary>What etcd 3.4's JSON gateway answered in the lab, through the script <c>EtcdApi</c> runs.</summary>
internal static class EtcdCaptures
{
    public const string MemberListOutput = """
        ### 0 https://127.0.0.1:2379/v3/cluster/member/list
        {"header":{"cluster_id":"6324813052453569184","member_id":"4129919140321803201","raft_term":"2"},"members":[{"ID":"1018592383742096818","name":"h4","peerURLs":["https://10.99.3.14:2380"],"clientURLs":["https://10.99.3.14:2379"]},{"ID":"3326525333583611046","name":"h5","peerURLs":["https://10.99.3.15:2380"],"clientURLs":["https://10.99.3.15:2379"]},{"ID":"4129919140321803201","name":"h3","peerURLs":["https://10.99.3.13:2380"],"clientURLs":["https://10.99.3.13:2379"]}]}

        """;

    public const string H3Id = "4129919140321803201";
    public const string H4Id = "1018592383742096818";
    public const string H5Id = "3326525333583611046";

    /// <summary>Status replies of h4 and h3 as asked on h3, and h5's curl error: h5's k0s is stopped.</summary>
    public const string StatusOutputWithH5Down = """
        ### 0 https://10.99.3.14:2379/v3/maintenance/status
        {"header":{"cluster_id":"6324813052453569184","member_id":"1018592383742096818","revision":"27","raft_term":"2"},"version":"3.4.23","dbSize":"45056","leader":"4129919140321803201","raftIndex":"34","raftTerm":"2","raftAppliedIndex":"34","dbSizeInUse":"45056"}
        ### 7 https://10.99.3.15:2379/v3/maintenance/status
        curl: (7) Failed to connect to 10.99.3.15 port 2379 after 0 ms: Couldn't connect to server
        ### 0 https://10.99.3.13:2379/v3/maintenance/status
        {"header":{"cluster_id":"6324813052453569184","member_id":"4129919140321803201","revision":"27","raft_term":"2"},"version":"3.4.23","dbSize":"45056","leader":"4129919140321803201","raftIndex":"34","raftTerm":"2","raftAppliedIndex":"34","dbSizeInUse":"45056"}

        """;

    public static string Status(string memberId, string leaderId, string? extra = null) =>
        $$"""{"header":{"cluster_id":"6324813052453569184","member_id":"{{memberId}}","raft_term":"2"},"version":"3.4.23","leader":"{{leaderId}}"{{extra}}}""";

    public static string StatusOutput(params (string Url, string Reply)[] replies) =>
        string.Concat(replies.Select(r => r.Reply.StartsWith('{')
            ? $"### 0 {r.Url}/v3/maintenance/status\n{r.Reply}\n"
            : $"### 7 {r.Url}/v3/maintenance/status\n{r.Reply}\n"));
}
