using System.Text.Json;

namespace HaCluster.K0s;

/// <summary>One etcd member as cluster/member/list reports it. A member added but never started has no name yet.</summary>
public sealed record EtcdMember(string Id, string Name, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls)
{
    public string PeerUrl => PeerUrls.Count > 0 ? PeerUrls[0] : "";

    public bool IsStarted => Name.Length > 0 && ClientUrls.Count > 0;

    /// <summary>The name to show: etcd's (the hostname, for k0s), else the peer URL.</summary>
    public string DisplayName => Name.Length > 0 ? Name : PeerUrl;

    /// <summary>Parses the JSON of /v3/cluster/member/list (IDs are uint64 and kept as the decimal text etcd sends).</summary>
    public static IReadOnlyList<EtcdMember> ParseList(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            throw new FormatException($"etcd refused the member list: {error}");
        }
        if (!root.TryGetProperty("members", out var members))
        {
            return [];
        }
        return members.EnumerateArray().Select(m => new EtcdMember(
            EtcdJson.Text(m, "ID"),
            EtcdJson.Text(m, "name"),
            EtcdJson.Texts(m, "peerURLs"),
            EtcdJson.Texts(m, "clientURLs"))).ToList();
    }
}

/// <summary>What a member says of itself on /v3/maintenance/status: who it is, whom it follows, its alarms.</summary>
public sealed record EtcdEndpointStatus(string MemberId, string LeaderId, string Version, IReadOnlyList<string> Errors)
{
    public static EtcdEndpointStatus Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            return new EtcdEndpointStatus("", "", "", [error.ToString()]);
        }
        var memberId = root.TryGetProperty("header", out var header) ? EtcdJson.Text(header, "member_id") : "";
        return new EtcdEndpointStatus(memberId, EtcdJson.Text(root, "leader"), EtcdJson.Text(root, "version"), EtcdJson.Texts(root, "errors"));
    }
}

internal static class EtcdJson
{
    // The gateway writes uint64 as strings, and omits zero values altogether.
    public static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Number => value.GetRawText(),
            _ => "",
        } : "";

    public static IReadOnlyList<string> Texts(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(v => v.Length > 0).ToList()
            : [];
}
