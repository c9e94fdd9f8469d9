using HaCluster.Remote;

namespace HaCluster.Pipeline;

/// <summary>What the user asked of this run. Immutable; phases read it from the context, never from globals.</summary>
public sealed record RunOptions
{
    /// <summary>Record changes instead of making them.</summary>
    public bool DryRun { get; init; }

    /// <summary>How many hosts a phase works on at once.</summary>
    public int Concurrency { get; init; } = 30;

    /// <summary>The bound on each wait for the cluster (API ready, node Ready, member started).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Rolling upgrades restart nodes without cordoning and draining them first (apply --no-drain).</summary>
    public bool NoDrain { get; init; }

    /// <summary>Override safety checks that allow overriding (never quorum loss).</summary>
    public bool Force { get; init; }

    /// <summary>Which transport reaches each host, for the run.started event; null when the caller does not say.</summary>
    public TransportPlan? Transport { get; init; }
}
