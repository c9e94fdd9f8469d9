namespace HaCluster.EndToEnd.Apply;

/// <summary>
/// Everything a run could change on a host, read out of band: every file, directory and link under
/// <see cref="Roots"/> (type, mode, owner, size, modification and change times, link target), the load and
/// active/sub states of every systemd unit, and the sysctl hactl writes. Two fingerprints are equal when
/// nothing a run of hactl touches was written, replaced, moved or re-permissioned.
/// </summary>
internal sealed record HostFingerprint(string Host, IReadOnlyDictionary<string, string> Entries)
{
    public static readonly string[] Roots = ["/etc", "/var/lib", "/usr/local/bin", "/run/lock"];

    // The change time stands in for a content hash: every write, rename, chmod or chown sets it to now, and no
    // system call sets it to anything else (touch and cp -p can forge the modification time, not this one), so
    // it is stricter than a hash (a rewrite with the same bytes shows). Hashing the ~240 MB under the roots took
    // about 3 s a host on the lab's 2 shared cores, for every fingerprint.
    // etcd rewrites its WAL and database on its own every few seconds (leases, compaction) while the cluster
    // merely runs: their paths and modes are kept, their content and times are not compared. Nothing else
    // under the roots changed by itself in a lab host, ssh logins included (measured on idle and applied labs).
    private const string ChurnsOnItsOwn = "/var/lib/k0s/etcd/member/*";

    private const string Script = """
        churns=$1; shift
        find "$@" -path "$churns" -printf '%p\t%y %m %U:%G\n' -o -printf '%p\t%y %m %U:%G %s %T@ %C@ %l\n' 2>/dev/null
        echo '### units'
        systemctl list-units --all --no-legend --plain | awk '{print $1 "\t" $2 " " $3 " " $4}'
        echo '### sysctl'
        printf 'net.ipv4.ip_nonlocal_bind\t%s\n' "$(sysctl -n net.ipv4.ip_nonlocal_bind)"
        """;

    public static async Task<HostFingerprint> TakeAsync(Lab.Lab lab, string host)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var output = (await lab.ExecAsync(host, ["sh", "-c", Script, "sh", ChurnsOnItsOwn, .. Roots])).ThrowIfFailed().StdOut;
        return new HostFingerprint(host, Parse(output));
    }

    /// <summary>The fingerprints of these hosts (every lab host when none are named), taken side by side.</summary>
    public static async Task<IReadOnlyList<HostFingerprint>> TakeAllAsync(Lab.Lab lab, params string[] hosts)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var names = hosts.Length > 0 ? hosts : [.. lab.Hosts.Select(h => h.Name)];
        return await Task.WhenAll(names.Select(name => TakeAsync(lab, name)));
    }

    /// <summary>One line per entry that differs, naming the host, the path (or unit, or sysctl), and what it was and is.</summary>
    public static IReadOnlyList<string> Changes(IReadOnlyList<HostFingerprint> before, IReadOnlyList<HostFingerprint> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        foreach (var was in before)
        {
            var now = after.Single(f => f.Host == was.Host);
            foreach (var key in was.Entries.Keys.Union(now.Entries.Keys).Order(StringComparer.Ordinal))
            {
                var old = was.Entries.GetValueOrDefault(key);
                var @new = now.Entries.GetValueOrDefault(key);
                if (old != @new)
                {
                    changes.Add($"{was.Host} {key}: {old ?? "absent"} -> {@new ?? "absent"}");
                }
            }
        }
        return changes;
    }

    private static SortedDictionary<string, string> Parse(string output)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var section = "files";
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                section = line[4..];
                continue;
            }
            switch (section)
            {
                case "units":
                    var (unit, state) = Split(line);
                    entries[$"unit {unit}"] = state;
                    break;
                case "sysctl":
                    var (sysctl, value) = Split(line);
                    entries[$"sysctl {sysctl}"] = value;
                    break;
                default:
                    var (file, metadata) = Split(line);
                    entries[file] = metadata.TrimEnd();
                    break;
            }
        }
        return entries;
    }

    private static (string Key, string Value) Split(string line)
    {
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        return (line[..tab], line[(tab + 1)..]);
    }
}
