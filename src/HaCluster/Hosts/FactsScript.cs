using System.Globalization;
using HaCluster.Ejection;
using HaCluster.K0s;
using HaCluster.Remote;

namespace HaCluster.Hosts;

/// <summary>
/// The single command that gathers a host's facts, and the parser for its output. Sections are marked
/// with "### name" lines so one round trip answers everything.
/// </summary>
public static class FactsScript
{
    // Paths, unit names and formats are hactl's constants, passed in as $1…$8; the managed files follow.
    private const string Script = """
        datadir=$1; k0s=$2; record=$3; identity=$4; unitdir=$5; k0sunits=$6; lbunits=$7; programs=$8; ejected=$9
        shift 9
        echo "### hostname"; hostname
        echo "### arch"; uname -m
        echo "### uid"; id -u
        echo "### clock"; date +%s
        echo "### addresses"; ip -o -4 addr show 2>/dev/null
        echo "### k0s"
        if [ -x "$k0s" ]; then
          if [ "$(head -n 1 "$record" 2>/dev/null)" = "$(stat -c "$identity" "$k0s")" ]; then
            sed -n 2p "$record"; echo "### k0s_recorded"; echo yes
          else
            "$k0s" version 2>/dev/null
          fi
        fi
        echo "### units"
        for u in $k0sunits $lbunits; do
          if [ -e "$unitdir/$u.service" ] || systemctl cat "$u.service" >/dev/null 2>&1; then
            echo "$u $(systemctl is-active "$u.service" 2>/dev/null)"
          else
            echo "$u missing"
          fi
        done
        echo "### programs"; for p in $programs; do command -v "$p" >/dev/null 2>&1 && echo "$p"; done
        echo "### etcd"; if [ -e "$datadir/etcd/member/snap/db" ]; then echo joined; fi
        echo "### kubelet"; if [ -e "$datadir/kubelet.conf" ]; then echo joined; fi
        echo "### nonlocal_bind"; sysctl -n net.ipv4.ip_nonlocal_bind 2>/dev/null
        echo "### execstart"; for u in $k0sunits; do cat "$unitdir/$u.service" 2>/dev/null; done | grep "^ExecStart="
        echo "### ejected"; cat "$ejected" 2>/dev/null
        echo "### hashes"; for f in "$@"; do [ -f "$f" ] && sha256sum "$f"; done
        echo "### modified"; for f in "$@"; do [ -f "$f" ] && echo "$(stat -c %Y "$f") $f"; done
        echo "### started"
        for u in $k0sunits; do
          ts=$(systemctl show "$u.service" -p ActiveEnterTimestamp --value 2>/dev/null)
          if [ -n "$ts" ]; then echo "$(date -d "$ts" +%s) $u"; fi
        done
        true
        """;

    /// <summary>The command for a host with the given k0s data dir and managed files.</summary>
    public static RemoteCommand Command(string dataDir, IEnumerable<string> managedFiles) =>
        RemoteCommand.Script("gather facts", Script,
        [
            dataDir, K0sPaths.Binary, K0sPaths.VersionRecord, K0sPaths.BinaryIdentityFormat, K0sPaths.UnitDirectory,
            // Lists of plain names, split by the script's unquoted use.
            string.Join(' ', K0sPaths.Units), string.Join(' ', LoadBalancerServices.Units), string.Join(' ', Programs), EjectionRecords.Path,
            .. managedFiles,
        ]);

    // What hactl may have to install or use on a host: the load balancer's packages, and curl to download k0s.
    private static readonly string[] Programs = [.. LoadBalancerServices.Packages, "curl"];

    public static HostFacts Parse(string output)
    {
        var sections = Sections(output);
        string One(string name) => sections.GetValueOrDefault(name, []).FirstOrDefault()?.Trim() ?? "";

        return new HostFacts
        {
            Hostname = One("hostname"),
            Arch = One("arch"),
            Uid = int.TryParse(One("uid"), CultureInfo.InvariantCulture, out var uid) ? uid : -1,
            Clock = long.TryParse(One("clock"), CultureInfo.InvariantCulture, out var epoch)
                ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.MinValue,
            Addresses = InterfaceAddress.ParseIpAddrOutput(string.Join('\n', sections.GetValueOrDefault("addresses", []))),
            K0sVersion = One("k0s") is { Length: > 0 } version ? version : null,
            K0sVersionRecorded = One("k0s_recorded") == "yes",
            ServiceStates = sections.GetValueOrDefault("units", [])
                .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1].Length == 0 ? "unknown" : pair[1], StringComparer.Ordinal),
            Programs = sections.GetValueOrDefault("programs", []).Select(p => p.Trim()).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal),
            EtcdJoined = One("etcd") == "joined",
            KubeletJoined = One("kubelet") == "joined",
            NonlocalBind = One("nonlocal_bind") == "1",
            K0sExecStart = One("execstart") is { Length: > 0 } exec ? exec["ExecStart=".Length..] : null,
            EjectedControllers = EjectionRecords.Parse(string.Join('\n', sections.GetValueOrDefault("ejected", []))),
            FileModified = Epochs(sections.GetValueOrDefault("modified", [])),
            ServiceStarted = Epochs(sections.GetValueOrDefault("started", [])),
            FileHashes = sections.GetValueOrDefault("hashes", [])
                .Select(line => line.Split("  ", 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[1].Trim(), pair => pair[0], StringComparer.Ordinal),
        };
    }

    // Lines of "<epoch seconds> <name>".
    private static Dictionary<string, DateTimeOffset> Epochs(IEnumerable<string> lines) =>
        lines.Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2 && long.TryParse(pair[0], CultureInfo.InvariantCulture, out _))
            .ToDictionary(pair => pair[1], pair => DateTimeOffset.FromUnixTimeSeconds(long.Parse(pair[0], CultureInfo.InvariantCulture)), StringComparer.Ordinal);

    private static Dictionary<string, List<string>> Sections(string output)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                current = sections[line[4..].Trim()] = [];
            }
            else if (current is not null && line.Length > 0)
            {
                current.Add(line);
            }
        }
        return sections;
    }
}
