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
    // Paths, unit names and formats are hactl's constants, passed in as $1…$9; the managed files follow.
    // Shell builtins wherever they do: on a loaded host each process costs tens of milliseconds, so the script starts
    // six (uname, date, ip, stat, sha256sum, systemctl), plus `k0s version` only for a binary hactl has no record of.
    // The k0s binary is hashed only then too: its record holds the hash of the binary with that identity.
    internal const string Script = """
        datadir=$1; k0s=$2; record=$3; statformat=$4; unitdir=$5; k0sunits=$6; lbunits=$7; programs=$8; ejected=$9
        shift 9
        print_file() { while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; done < "$1"; }
        echo "### hostname"; print_file /proc/sys/kernel/hostname
        echo "### arch"; uname -m
        echo "### uid"; while read -r key real effective rest; do [ "$key" = Uid: ] && echo "$effective"; done < /proc/self/status
        echo "### clock"; date +%s
        echo "### addresses"; ip -o -4 addr show 2>/dev/null
        # One stat for every managed file: "type|identity|mtime|path"; the regular files' paths are then hashed at once.
        stats=$(stat -L -c "$statformat" -- "$@" 2>/dev/null)
        set --
        recorded=""; version=""; recordedhash=""
        if [ -f "$record" ]; then { read -r recorded; read -r version; read -r recordedhash; } < "$record"; fi
        k0sidentity=""; k0shash=""
        echo "### modified"
        while IFS='|' read -r type identity mtime name; do
          case $type in
            "regular file" | "regular empty file") ;;
            *) continue ;;
          esac
          echo "$mtime $name"
          if [ "$name" = "$k0s" ]; then
            k0sidentity=$identity
            if [ -n "$recorded" ] && [ "$recorded" = "$identity" ] && [ -n "$recordedhash" ]; then k0shash=$recordedhash; continue; fi
          fi
          set -- "$@" "$name"
        done <<STATS
        $stats
        STATS
        echo "### hashes"
        if [ -n "$k0shash" ]; then printf '%s  %s\n' "$k0shash" "$k0s"; fi
        if [ $# -gt 0 ]; then sha256sum -- "$@" 2>/dev/null; fi
        echo "### k0s"
        if [ -x "$k0s" ]; then
          if [ -n "$recorded" ] && [ "$recorded" = "$k0sidentity" ]; then
            echo "$version"; echo "### k0s_recorded"; echo yes
          else
            "$k0s" version 2>/dev/null
          fi
        fi
        # One systemctl for every unit: its state, or "missing" when neither systemd nor hactl's unit directory has it;
        # and when it last became active, in epoch seconds (systemd before 247 has no --timestamp=unix: date converts).
        units=""
        for u in $k0sunits $lbunits; do units="$units $u.service"; done
        properties=Id,LoadState,ActiveState,ActiveEnterTimestamp
        shown=$(systemctl show --timestamp=unix -p "$properties" -- $units 2>/dev/null) || shown=$(systemctl show -p "$properties" -- $units 2>/dev/null)
        started=""
        unit_done() {
          [ -n "$id" ] || return 0
          u=${id%.service}
          if [ "$load" = not-found ] && [ ! -e "$unitdir/$id" ]; then echo "$u missing"; else echo "$u $state"; fi
          case $since in
            "") ;;
            @*) started="$started${since#@} $u
        " ;;
            *) started="$started$(date -d "$since" +%s 2>/dev/null) $u
        " ;;
          esac
          id=""; load=""; state=""; since=""
        }
        echo "### units"
        id=""; load=""; state=""; since=""
        while IFS='=' read -r key value; do
          case $key in
            Id) id=$value ;;
            LoadState) load=$value ;;
            ActiveState) state=$value ;;
            ActiveEnterTimestamp) since=$value ;;
            "") unit_done ;;
          esac
        done <<UNITS
        $shown
        UNITS
        unit_done
        echo "### started"; printf '%s' "$started"
        echo "### programs"; for p in $programs; do command -v "$p" >/dev/null 2>&1 && echo "$p"; done
        echo "### etcd"; if [ -e "$datadir/etcd/member/snap/db" ]; then echo joined; fi
        echo "### kubelet"; if [ -e "$datadir/kubelet.conf" ]; then echo joined; fi
        echo "### nonlocal_bind"; if [ -r /proc/sys/net/ipv4/ip_nonlocal_bind ]; then print_file /proc/sys/net/ipv4/ip_nonlocal_bind; fi
        echo "### execstart"
        for u in $k0sunits; do
          [ -f "$unitdir/$u.service" ] || continue
          while IFS= read -r line || [ -n "$line" ]; do
            case $line in ExecStart=*) printf '%s\n' "$line" ;; esac
          done < "$unitdir/$u.service"
        done
        echo "### ejected"; if [ -f "$ejected" ]; then print_file "$ejected"; fi
        true
        """;

    // The stat format of the script: the file type, the k0s binary's identity as its version record holds it, the mtime.
    private static readonly string StatFormat = $"%F|{K0sPaths.BinaryIdentityFormat}|%Y|%n";

    /// <summary>The command for a host with the given k0s data dir and managed files.</summary>
    public static RemoteCommand Command(string dataDir, IEnumerable<string> managedFiles) =>
        RemoteCommand.Script("gather facts", Script, Arguments(dataDir, managedFiles));

    /// <summary>The positional parameters of <see cref="Script"/>.</summary>
    internal static string[] Arguments(string dataDir, IEnumerable<string> managedFiles) =>
    [
        dataDir, K0sPaths.Binary, K0sPaths.VersionRecord, StatFormat, K0sPaths.UnitDirectory,
        // Lists of plain names, split by the script's unquoted use.
        string.Join(' ', K0sPaths.Units), string.Join(' ', LoadBalancerServices.Units), string.Join(' ', Programs), EjectionRecords.Path,
        .. managedFiles,
    ];

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

    internal static Dictionary<string, List<string>> Sections(string output)
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
