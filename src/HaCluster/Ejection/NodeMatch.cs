using HaCluster.K0s;
using HaCluster.Model;

namespace HaCluster.Ejection;

/// <summary>A host of the config as an operation sees it: its model and, when it was reached, its real hostname.</summary>
public sealed record KnownHost(HostModel Host, string? Hostname);

/// <summary>What the NODE argument of eject-controller names.</summary>
public abstract record NodeMatch
{
    /// <summary>A controller of the config (it may or may not still be an etcd member).</summary>
    public sealed record Controller(KnownHost Host) : NodeMatch;

    /// <summary>An etcd member whose host is no longer in the config.</summary>
    public sealed record MemberOnly(EtcdMember Member) : NodeMatch;

    /// <summary>A controller ejected earlier and already gone from the config.</summary>
    public sealed record AlreadyEjected(EjectedController Record) : NodeMatch;

    /// <summary>A host of the config that is not a controller.</summary>
    public sealed record NotAController(KnownHost Host) : NodeMatch;

    public sealed record Ambiguous(IReadOnlyList<string> Candidates) : NodeMatch;

    public sealed record Unknown(IReadOnlyList<string> Known) : NodeMatch;

    /// <summary>
    /// Matches NODE against, in order: the config's hosts (spec name, SSH address, private address, real hostname),
    /// then etcd's members (name = hostname for k0s), then the record of ejected controllers. Hostnames compare
    /// case-insensitively (Kubernetes node names are the lower-cased hostname); addresses exactly.
    /// </summary>
    public static NodeMatch Find(string node, IReadOnlyList<KnownHost> hosts, IReadOnlyList<EtcdMember> members, IReadOnlyList<EjectedController> ejected)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(ejected);

        var inConfig = hosts.Where(h => Names(h).Any(n => n == node) || string.Equals(h.Hostname, node, StringComparison.OrdinalIgnoreCase)).ToList();
        if (inConfig.Count > 1)
        {
            return new Ambiguous([.. inConfig.Select(h => $"{h.Host.Name} ({h.Host.Path})")]);
        }
        if (inConfig.Count == 1)
        {
            return inConfig[0].Host.IsController ? new Controller(inConfig[0]) : new NotAController(inConfig[0]);
        }

        var member = members.FirstOrDefault(m => string.Equals(m.Name, node, StringComparison.OrdinalIgnoreCase) || PeerHost(m) == node);
        if (member is not null)
        {
            var host = hosts.FirstOrDefault(h => h.Host.IsController && h.Host.PrivateAddress == PeerHost(member));
            return host is not null ? new Controller(host) : new MemberOnly(member);
        }

        var record = ejected.FirstOrDefault(r => r.Address == node || string.Equals(r.Hostname, node, StringComparison.OrdinalIgnoreCase));
        if (record is not null)
        {
            return new AlreadyEjected(record);
        }

        return new Unknown([.. hosts.Where(h => h.Host.IsController).Select(h => h.Hostname is { } name ? $"{h.Host.Name} ({name})" : h.Host.Name)]);
    }

    private static IEnumerable<string> Names(KnownHost known) => [known.Host.Name, known.Host.Connection.Address, known.Host.PrivateAddress];

    private static string PeerHost(EtcdMember member) => member.PeerUrl.Length > 0 ? K0sOutput.PeerHost(member.PeerUrl) : "";
}
