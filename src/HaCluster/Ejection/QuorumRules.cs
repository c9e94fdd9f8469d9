using HaCluster.K0s;

namespace HaCluster.Ejection;

/// <summary>Whether removing a member is allowed; when not, why, and whether --force could change that.</summary>
public sealed record EjectVerdict(string? Refusal, IReadOnlyList<string> Overridden)
{
    public bool Allowed => Refusal is null;

    public static EjectVerdict Allow(params string[] overridden) => new(null, overridden);

    public static EjectVerdict Refuse(string reason) => new(reason, []);
}

/// <summary>
/// The rules for removing one etcd member safely. Never overridable: removing the only member; leaving fewer members
/// than a quorum of the current cluster (so never below two); a cluster that has lost quorum now or would after the
/// removal. Overridable with --force: a remaining member that is unhealthy, as long as quorum still holds.
/// </summary>
public static class QuorumRules
{
    /// <summary>The members a cluster of <paramref name="members"/> needs to agree: a strict majority.</summary>
    public static int Quorum(int members) => members / 2 + 1;

    public static EjectVerdict Judge(EtcdHealth health, EtcdMember target, bool force)
    {
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(target);
        var name = target.DisplayName;
        var total = health.Members.Count;
        var remaining = health.Members.Where(m => m.Member.Id != target.Id).ToList();
        if (remaining.Count == 0)
        {
            return EjectVerdict.Refuse($"{name} is the only etcd member: ejecting it would destroy the cluster (use `hactl reset` to tear a cluster down)");
        }
        if (remaining.Count < Quorum(total))
        {
            return EjectVerdict.Refuse(
                $"ejecting {name} would leave {Members(remaining.Count)}, fewer than the {Quorum(total)} that a quorum of the current {total} needs: "
                + "one more failure would stop the cluster; add a controller first (--force does not override this)");
        }
        var healthyNow = health.Healthy.Count();
        if (healthyNow < Quorum(total))
        {
            return EjectVerdict.Refuse(
                $"only {healthyNow} of {Members(total)} are healthy, fewer than the quorum of {Quorum(total)}: etcd cannot remove a member now; "
                + $"bring members back first ({Unhealthy(health.Members)})");
        }
        var sick = remaining.Where(m => !m.Healthy).ToList();
        if (sick.Count == 0)
        {
            return EjectVerdict.Allow();
        }
        var healthyAfter = remaining.Count - sick.Count;
        var quorumAfter = healthyAfter >= Quorum(remaining.Count);
        if (!force)
        {
            var forceHint = quorumAfter
                ? $"or use --force to eject anyway: {healthyAfter} of the {Members(remaining.Count)} left would be healthy, still a quorum"
                : $"--force would not help: only {healthyAfter} of the {Members(remaining.Count)} left would be healthy, fewer than the quorum of {Quorum(remaining.Count)}";
            return EjectVerdict.Refuse($"remaining etcd {(sick.Count == 1 ? "member is" : "members are")} unhealthy ({Unhealthy(sick)}): fix {(sick.Count == 1 ? "it" : "them")} first{(quorumAfter ? ", " : "; ")}{forceHint}");
        }
        if (!quorumAfter)
        {
            return EjectVerdict.Refuse(
                $"even with --force: after ejecting {name}, only {healthyAfter} of the {Members(remaining.Count)} left would be healthy, "
                + $"fewer than the quorum of {Quorum(remaining.Count)} ({Unhealthy(sick)})");
        }
        return EjectVerdict.Allow([.. sick.Select(m => $"etcd member {m.Member.DisplayName} is unhealthy: {m.Problem}")]);
    }

    private static string Members(int count) => count == 1 ? "1 member" : $"{count} members";

    private static string Unhealthy(IEnumerable<EtcdMemberHealth> members) =>
        string.Join("; ", members.Where(m => !m.Healthy).Select(m => $"{m.Member.DisplayName}: {m.Problem}"));
}
