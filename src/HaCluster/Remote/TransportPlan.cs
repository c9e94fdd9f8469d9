using HaCluster.Model;

namespace HaCluster.Remote;

/// <summary>Which transport reaches each host of a run, and how to name that in one line.</summary>
public sealed class TransportPlan
{
    private readonly Dictionary<int, TransportKind> kinds;

    public TransportPlan(IReadOnlyList<(HostModel Host, TransportKind Kind)> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        kinds = hosts.ToDictionary(h => h.Host.Index, h => h.Kind);
        // Most hosts' kind names the run; a tie goes to OpenSSH, the older and default one.
        Main = hosts.Count(h => h.Kind == TransportKind.SshNet) > hosts.Count(h => h.Kind == TransportKind.OpenSsh)
            ? TransportKind.SshNet
            : TransportKind.OpenSsh;
        OtherHosts = [.. hosts.Where(h => h.Kind != Main).Select(h => h.Host.Name)];
    }

    /// <summary>The kind most hosts use.</summary>
    public TransportKind Main { get; }

    /// <summary>The hosts on the other kind, in config order; empty when all use <see cref="Main"/>.</summary>
    public IReadOnlyList<string> OtherHosts { get; }

    public IEnumerable<TransportKind> Kinds => kinds.Values.Distinct();

    public TransportKind KindOf(HostModel host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return kinds.TryGetValue(host.Index, out var kind)
            ? kind
            : throw new ArgumentException($"{host.Name} is not a host of this run", nameof(host));
    }

    /// <summary>"sshnet", or "sshnet (openssh: lb1, lb2)" when mixed: for the text output and the log.</summary>
    public override string ToString() => OtherHosts.Count == 0
        ? TransportNames.Of(Main)
        : $"{TransportNames.Of(Main)} ({TransportNames.Of(Other)}: {string.Join(", ", OtherHosts)})";

    public TransportKind Other => Main == TransportKind.OpenSsh ? TransportKind.SshNet : TransportKind.OpenSsh;
}
