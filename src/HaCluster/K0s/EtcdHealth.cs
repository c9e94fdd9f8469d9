namespace HaCluster.K0s;

/// <summary>One member's health as seen from the controller that asked.</summary>
public sealed record EtcdMemberHealth(EtcdMember Member, bool Healthy, bool IsLeader, string? Problem);

/// <summary>The etcd cluster as one controller sees it: every member, whether it answers, and who leads.</summary>
public sealed record EtcdHealth(string AskedOn, IReadOnlyList<EtcdMemberHealth> Members)
{
    public IEnumerable<EtcdMemberHealth> Healthy => Members.Where(m => m.Healthy);

    public EtcdMemberHealth? Leader => Members.FirstOrDefault(m => m.IsLeader);

    public EtcdMemberHealth? FindByPeerUrl(string peerUrl) => Members.FirstOrDefault(m => m.Member.PeerUrls.Contains(peerUrl));

    /// <summary>
    /// Joins the member list with each member's status reply. A member is healthy when it answered at its client URL
    /// as itself, raised no alarm and follows a leader; the leader is the one the healthy members follow.
    /// </summary>
    public static EtcdHealth Evaluate(string askedOn, IReadOnlyList<EtcdMember> members, IReadOnlyList<EtcdReply> statusReplies)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(statusReplies);
        var judged = members.Select(member => Judge(member, statusReplies)).ToList();
        var leaderId = judged.Where(j => j.Status is not null && j.Problem is null)
            .GroupBy(j => j.Status!.LeaderId)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();
        return new EtcdHealth(askedOn, judged
            .Select(j => new EtcdMemberHealth(j.Member, j.Problem is null, leaderId is not null && j.Member.Id == leaderId, j.Problem))
            .ToList());
    }

    private static (EtcdMember Member, EtcdEndpointStatus? Status, string? Problem) Judge(EtcdMember member, IReadOnlyList<EtcdReply> replies)
    {
        if (!member.IsStarted)
        {
            return (member, null, "not started: added to the cluster but never joined it");
        }
        var url = EtcdApi.StatusUrl(member.ClientUrls[0]);
        var reply = replies.FirstOrDefault(r => r.Url == url);
        if (reply is null || !reply.Answered)
        {
            var why = reply is null ? "not asked" : reply.Body.Length > 0 ? reply.Body : $"curl exited {reply.ExitCode}";
            return (member, null, $"no answer at {member.ClientUrls[0]}: {why}");
        }
        var status = EtcdEndpointStatus.Parse(reply.Body);
        string? problem =
            status.Errors.Count > 0 ? string.Join("; ", status.Errors)
            : status.MemberId != member.Id ? $"{member.ClientUrls[0]} answers as member {status.MemberId}, not {member.Id}"
            : status.LeaderId is "" or "0" ? "has no leader"
            : null;
        return (member, status, problem);
    }
}
