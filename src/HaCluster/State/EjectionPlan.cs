namespace HaCluster.State;

/// <summary>The gathered cluster once eject-controller has settled what it ejects (<c>CheckEjectionPhase</c>).</summary>
public sealed record EjectionPlan : GatheredCluster
{
    public EjectionPlan(GatheredCluster gathered, OsDetected os, EjectTarget target)
        : base(gathered)
    {
        Os = os;
        Target = target;
    }

    /// <summary>Each host's OS: taking the node out of HAProxy may install what the load balancer lacks.</summary>
    public OsDetected Os { get; }

    public EjectTarget Target { get; }
}
