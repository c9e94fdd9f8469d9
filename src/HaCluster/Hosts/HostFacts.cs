using System.Globalization;
using System.Net;
using HaCluster.Ejection;

namespace HaCluster.Hosts;

/// <summary>What one round trip learns about a host before anything is changed.</summary>
public sealed record HostFacts
{
    public required string Hostname { get; init; }
    public required string Arch { get; init; }
    public required int Uid { get; init; }
    public required DateTimeOffset Clock { get; init; }
    public required IReadOnlyList<InterfaceAddress> Addresses { get; init; }
    /// <summary>The version the installed k0s binary reports, or null when none is installed.</summary>
    public string? K0sVersion { get; init; }
    /// <summary>The version came from the record of the binary as it is now (K0sPaths.VersionRecord), not from running it.</summary>
    public bool K0sVersionRecorded { get; init; }
    /// <summary>Which k0s units exist (k0scontroller, k0sworker) and whether they are active.</summary>
    public IReadOnlyDictionary<string, string> ServiceStates { get; init; } = new Dictionary<string, string>();
    /// <summary>sha256 of each managed file that exists, by path.</summary>
    public IReadOnlyDictionary<string, string> FileHashes { get; init; } = new Dictionary<string, string>();
    /// <summary>When each managed file that exists was last written (host clock), by path.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> FileModified { get; init; } = new Dictionary<string, DateTimeOffset>();
    /// <summary>When each k0s unit last became active (host clock), by unit name.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> ServiceStarted { get; init; } = new Dictionary<string, DateTimeOffset>();
    /// <summary>Which of the probed programs are installed.</summary>
    public IReadOnlySet<string> Programs { get; init; } = new HashSet<string>();
    /// <summary>The k0s data dir holds an etcd member database: this controller already joined.</summary>
    public bool EtcdJoined { get; init; }
    /// <summary>The k0s data dir holds the worker's kubelet config: this worker already joined.</summary>
    public bool KubeletJoined { get; init; }
    /// <summary>net.ipv4.ip_nonlocal_bind is on (HAProxy may bind the VIP before holding it).</summary>
    public bool NonlocalBind { get; init; }
    /// <summary>Controllers ejected from the cluster, as recorded on this controller (<see cref="EjectionRecords"/>).</summary>
    public IReadOnlyList<EjectedController> EjectedControllers { get; init; } = [];
    /// <summary>The installed k0s unit's command line, to tell whether its flags changed.</summary>
    public string? K0sExecStart { get; init; }

    /// <summary>The interface holding the address, or null.</summary>
    public InterfaceAddress? FindAddress(string address) =>
        Addresses.FirstOrDefault(a => a.Address.ToString() == address);

    public bool IsActive(string unit) => ServiceStates.GetValueOrDefault(unit) == "active";

    public bool UnitExists(string unit) => ServiceStates.TryGetValue(unit, out var state) && state != "missing";
}

/// <summary>One IPv4 address on an interface, as `ip -o -4 addr show` lists it.</summary>
public sealed record InterfaceAddress(string Interface, IPAddress Address, int PrefixLength)
{
    /// <summary>Parses lines like <c>2: eth0    inet 10.99.1.11/24 brd 10.99.1.255 scope global eth0</c>.</summary>
    public static IReadOnlyList<InterfaceAddress> ParseIpAddrOutput(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var result = new List<InterfaceAddress>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var inet = Array.IndexOf(words, "inet");
            if (words.Length < 2 || inet < 0 || inet + 1 >= words.Length)
            {
                continue;
            }
            var cidr = words[inet + 1].Split('/');
            if (cidr.Length == 2 && IPAddress.TryParse(cidr[0], out var address)
                && int.TryParse(cidr[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
            {
                result.Add(new InterfaceAddress(words[1].TrimEnd(':').Split('@')[0], address, prefix));
            }
        }
        return result;
    }
}
