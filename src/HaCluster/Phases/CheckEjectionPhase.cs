using HaCluster.Ejection;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Before anything changes: finds what NODE names, reads etcd's live membership and health from a controller other
/// than NODE, and refuses (<see cref="RefusedException"/>) when ejecting would be unsafe (<see cref="QuorumRules"/>)
/// or NODE is unknown, not a controller, or the only one. The verdict is the same under --dry-run.
/// </summary>
public sealed class CheckEjectionPhase(string node) : Phase<GatheredCluster<OsDetected>, EjectionPlan>
{
    public override string Title => "Check etcd quorum";

    public override async Task<EjectionPlan> RunAsync(RunContext context, GatheredCluster<OsDetected> cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var known = context.Sessions.Select(s => new KnownHost(s.Host, cluster.Find(s)?.Facts.Hostname)).ToList();
        var ejected = cluster.Controllers
            .SelectMany(c => c.Facts.EjectedControllers)
            .GroupBy(r => r.Address, StringComparer.Ordinal).Select(g => g.First()).ToList();

        // NODE never answers for the cluster: leave out whatever it names before asking etcd.
        var named = NodeMatch.Find(node, known, [], ejected) is NodeMatch.Controller c ? c.Host.Host.Index : -1;
        var (op, health) = await ReadEtcdAsync(context, ejected, exclude: named, cancellationToken);
        var match = NodeMatch.Find(node, known, [.. health.Members.Select(m => m.Member)], ejected);
        if (match is NodeMatch.Controller { Host.Host.Index: var index } && index == op.Host.Index)
        {
            (op, health) = await ReadEtcdAsync(context, ejected, exclude: index, cancellationToken);
        }

        var target = Target(context, match, health, op, ejected);
        context.Info($"etcd, asked on {op.Name}: {Describe(health)}");
        if (target.Member is { } member)
        {
            if (target.Remaining.Count == 0)
            {
                throw new RefusedException($"{target.Display} is the only controller of the config: ejecting it would leave no cluster (use `hactl reset` to tear a cluster down)");
            }
            var verdict = QuorumRules.Judge(health, member, context.Options.Force);
            if (verdict.Refusal is { } refusal)
            {
                throw new RefusedException($"not ejecting {target.Display}: {refusal}");
            }
            foreach (var overridden in verdict.Overridden)
            {
                context.Warn($"--force: going ahead although {overridden}");
            }
            context.Info($"{target.Display} is etcd member {member.DisplayName} ({member.PeerUrl}); ejecting it leaves {health.Members.Count - 1} members");
        }
        else
        {
            context.Info($"{target.Display} is not an etcd member (any more)");
        }
        return new EjectionPlan(cluster, cluster.Before, target);
    }

    private EjectTarget Target(RunContext context, NodeMatch match, EtcdHealth health, HostSession op, IReadOnlyList<EjectedController> ejected)
    {
        switch (match)
        {
            case NodeMatch.Controller { Host: var known }:
            {
                var session = context.Session(known.Host);
                var member = health.FindByPeerUrl(ClusterProbes.PeerUrl(known.Host))?.Member;
                var hostname = known.Hostname ?? member?.Name ?? ejected.FirstOrDefault(r => r.Address == known.Host.PrivateAddress)?.Hostname ?? "";
                return new EjectTarget
                {
                    Display = hostname.Length > 0 && hostname != known.Host.Name ? $"{known.Host.Name} ({hostname})" : known.Host.Name,
                    Session = session,
                    Member = member,
                    NodeName = hostname.Length > 0 ? hostname.ToLowerInvariant() : null,
                    Record = new EjectedController(known.Host.PrivateAddress, hostname, DateTimeOffset.UtcNow),
                    Operator = op,
                    Remaining = Remaining(context, ejected, known.Host.PrivateAddress),
                };
            }
            case NodeMatch.MemberOnly { Member: var member }:
            {
                var address = K0sOutput.PeerHost(member.PeerUrl);
                return new EjectTarget
                {
                    Display = $"{member.DisplayName} ({address}, not in the config)",
                    Member = member,
                    NodeName = member.Name.Length > 0 ? member.Name.ToLowerInvariant() : null,
                    Record = new EjectedController(address, member.Name, DateTimeOffset.UtcNow),
                    Operator = op,
                    Remaining = Remaining(context, ejected, address),
                };
            }
            case NodeMatch.AlreadyEjected { Record: var record }:
                return new EjectTarget
                {
                    Display = record.ToString(),
                    NodeName = record.Hostname.Length > 0 ? record.Hostname.ToLowerInvariant() : null,
                    Record = record,
                    Operator = op,
                    Remaining = Remaining(context, ejected, record.Address),
                };
            case NodeMatch.NotAController { Host: var known }:
                throw new RefusedException($"{known.Host.Name} ({known.Host.Path}) is a {RoleName(known)} host, not a controller: eject-controller removes controllers only");
            case NodeMatch.Ambiguous { Candidates: var candidates }:
                throw new RefusedException($"\"{node}\" names more than one host: {string.Join(", ", candidates)}; name one by its address");
            case NodeMatch.Unknown { Known: var controllers }:
                throw new RefusedException($"unknown node \"{node}\": it is not a host of the config, an etcd member or an ejected controller (controllers: {string.Join(", ", controllers)})");
            default:
                throw new InvalidOperationException($"unexpected match {match}");
        }
    }

    /// <summary>The config's controllers that stay: all but the target and those ejected before.</summary>
    private static List<HostSession> Remaining(RunContext context, IReadOnlyList<EjectedController> ejected, string targetAddress) =>
        [.. context.Controllers.Where(c => c.Host.PrivateAddress != targetAddress && ejected.All(r => r.Address != c.Host.PrivateAddress))];

    private static async Task<(HostSession, EtcdHealth)> ReadEtcdAsync(
        RunContext context, IReadOnlyList<EjectedController> ejected, int exclude, CancellationToken cancellationToken)
    {
        var candidates = context.Controllers.Where(c => c.IsConnected && c.Host.Index != exclude
            && ejected.All(r => r.Address != c.Host.PrivateAddress));
        var failures = new List<string>();
        var read = await EtcdProbe.ReadFromFirstAsync(candidates, failures, cancellationToken);
        return read ?? throw new RefusedException(
            "no controller other than the node to eject has a working etcd to ask"
            + (failures.Count > 0 ? $" ({string.Join("; ", failures)})" : ": none of them could be reached"));
    }

    private static string Describe(EtcdHealth health)
    {
        var healthy = health.Healthy.Count();
        var names = string.Join(", ", health.Members.OrderBy(m => m.Member.DisplayName, StringComparer.Ordinal).Select(m => m.Member.DisplayName + (m.Healthy ? "" : " (unhealthy)")));
        return $"{health.Members.Count} members ({names}), {healthy} healthy, leader {health.Leader?.Member.DisplayName ?? "none"}";
    }

    private static string RoleName(KnownHost known) => known.Host.Role.ToString().ToLowerInvariant();
}
