using HaCluster.K0s;
using HaCluster.Pipeline;

namespace HaCluster.Phases;

/// <summary>Reads etcd's membership and every member's health through one controller (<see cref="EtcdApi"/>).</summary>
internal static class EtcdProbe
{
    /// <summary>What the controller's etcd says, or the reason it could not say (its local member does not answer).</summary>
    public static async Task<(EtcdHealth? Health, string? Failure)> ReadAsync(HostSession controller, CancellationToken cancellationToken)
    {
        var dataDir = controller.Host.DataDir;
        var replies = EtcdApi.ParseReplies(await controller.QueryAsync(EtcdApi.MemberList(dataDir), cancellationToken));
        var list = replies.Count > 0 ? replies[0] : null;
        if (list is not { Answered: true })
        {
            return (null, $"its etcd does not answer: {list?.Body ?? "no reply"}");
        }
        var members = EtcdMember.ParseList(list.Body);
        var clientUrls = members.Where(m => m.IsStarted).Select(m => m.ClientUrls[0]).ToList();
        var statuses = EtcdApi.ParseReplies(await controller.QueryAsync(EtcdApi.Status(dataDir, clientUrls), cancellationToken));
        return (EtcdHealth.Evaluate(controller.Name, members, statuses), null);
    }

    /// <summary>The first candidate whose etcd answers, and what it sees; null (with every reason) when none does.</summary>
    public static async Task<(HostSession Controller, EtcdHealth Health)?> ReadFromFirstAsync(
        IEnumerable<HostSession> candidates, List<string> failures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failures);
        foreach (var controller in candidates)
        {
            var (health, failure) = await ReadAsync(controller, cancellationToken);
            if (health is not null)
            {
                return (controller, health);
            }
            failures.Add($"{controller.Name}: {failure}");
        }
        return null;
    }
}
