using HaCluster.Ejection;
using HaCluster.K0s;
using HaCluster.Pipeline;

namespace HaCluster.State;

/// <summary>What eject-controller acts on, settled by <c>CheckEjectionPhase</c> before anything changes.</summary>
public sealed record EjectTarget
{
    /// <summary>For messages: the config's name and the hostname, e.g. "10.0.0.12 (ctrl-2)".</summary>
    public required string Display { get; init; }

    /// <summary>The host's session when it is in the config (connected or not); null for a member no longer in it.</summary>
    public HostSession? Session { get; init; }

    /// <summary>Its etcd member, or null when it is not (any more) a member.</summary>
    public EtcdMember? Member { get; init; }

    /// <summary>Its Kubernetes node name (the lower-cased hostname), when known.</summary>
    public string? NodeName { get; init; }

    /// <summary>What the remaining controllers record about it.</summary>
    public required EjectedController Record { get; init; }

    /// <summary>A healthy remaining controller: every cluster-side step runs there, never on the node being ejected.</summary>
    public required HostSession Operator { get; init; }

    /// <summary>The controllers that stay, by the config (already-ejected ones left out).</summary>
    public required IReadOnlyList<HostSession> Remaining { get; init; }

    public bool IsReachable => Session is { IsConnected: true };

    /// <summary>The session that plan items and host actions are reported under: the node's own when it has one.</summary>
    public HostSession ReportedUnder => Session ?? Operator;
}
