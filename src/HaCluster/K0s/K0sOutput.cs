using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HaCluster.K0s;

/// <summary>What `k0s status -o json` says, in the fields a provisioner relies on.</summary>
public sealed record K0sStatus(string Version, int Pid, string Role, bool Workloads)
{
    public bool IsRunning => Version.Length > 0 && Role.Length > 0 && Pid != 0;

    public static K0sStatus Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        return new K0sStatus(
            Text("Version"),
            root.TryGetProperty(nameof(Pid), out var pid) && pid.TryGetInt32(out var p) ? p : 0,
            Text("Role"),
            root.TryGetProperty(nameof(Workloads), out var w) && w.ValueKind == JsonValueKind.True);
    }
}

/// <summary>Parsers for k0s's other outputs.</summary>
public static partial class K0sOutput
{
    /// <summary>`k0s etcd member-list`: one line <c>{"members":{"name":"https://peer:2380",…}}</c> → name → peer URL.</summary>
    public static IReadOnlyDictionary<string, string> ParseMemberList(string output)
    {
        using var document = JsonDocument.Parse(output.Trim());
        return document.RootElement.GetProperty("members").EnumerateObject()
            .ToDictionary(m => m.Name, m => m.Value.GetString() ?? "", StringComparer.Ordinal);
    }

    /// <summary>The host part of a peer URL such as https://10.0.0.11:2380.</summary>
    public static string PeerHost(string peerUrl) => new Uri(peerUrl).Host.Trim('[', ']');

    /// <summary>
    /// The token ID of a join token (base64 of gzip of a kubeconfig whose user has <c>token: id.secret</c>),
    /// needed to invalidate it after the join.
    /// </summary>
    public static string JoinTokenId(string token)
    {
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(token.Trim())), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var match = TokenLine().Match(reader.ReadToEnd());
        return match.Success ? match.Groups["id"].Value : throw new FormatException("the join token holds no bootstrap token");
    }

    [GeneratedRegex(@"token:\s*[""']?(?<id>[a-z0-9]{6})\.[a-z0-9]{16}")]
    private static partial Regex TokenLine();
}
