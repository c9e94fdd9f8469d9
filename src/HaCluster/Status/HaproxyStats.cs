using HaCluster.Remote;
using HaCluster.Rendering;

namespace HaCluster.Status;

/// <summary>One server of an HAProxy backend as the admin socket's `show stat` reports it.</summary>
/// <param name="Status">UP, DOWN, MAINT, NOLB, "UP 1/2" while rising…</param>
/// <param name="Check">The last health check's result, e.g. L7OK, L4CON, L7STS.</param>
public sealed record BackendServer(string Backend, string Server, string Address, string Status, string Check)
{
    public bool IsUp => Status == "UP";
}

/// <summary>
/// Reads backend states from HAProxy's admin socket (/run/haproxy/admin.sock, level admin, written by the renderer)
/// with socat, which apply installs on load balancer hosts beside haproxy and keepalived.
/// </summary>
public static class HaproxyStats
{
    private const string Script = "printf 'show stat\\n' | socat -t 5 - \"UNIX-CONNECT:$1\"";

    public static RemoteCommand Command() => RemoteCommand.Script("haproxy show stat", Script, ManagedFiles.HaproxyAdminSocket);

    /// <summary>Parses `show stat` CSV (a "# pxname,svname,…" header, then one row a proxy, server, frontend or backend).</summary>
    public static IReadOnlyList<BackendServer> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var header = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Split(',')
            ?? throw new FormatException("no `show stat` header line: " + (lines.FirstOrDefault() ?? "(empty)"));
        var column = header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        string Field(string[] row, string name) => column.TryGetValue(name, out var i) && i < row.Length ? row[i] : "";

        return lines.Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(','))
            .Where(row => Field(row, "svname") is not ("FRONTEND" or "BACKEND" or ""))
            .Select(row => new BackendServer(Field(row, "pxname"), Field(row, "svname"), Field(row, "addr"), Field(row, "status"), Field(row, "check_status")))
            .ToList();
    }
}
