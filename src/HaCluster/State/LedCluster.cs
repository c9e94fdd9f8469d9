namespace HaCluster.State;

/// <summary>The controller that leads this run: it creates tokens and answers questions about the cluster.</summary>
public sealed record ClusterLeader(GatheredHost Host, bool WasRunning);

/// <summary>The gathered cluster once its leader is settled (by <c>InitializeClusterPhase</c>).</summary>
public sealed record LedCluster : GatheredCluster
{
    public LedCluster(GatheredCluster gathered, ClusterLeader leader)
        : base(gathered)
    {
        Leader = leader;
    }

    public ClusterLeader Leader { get; }
}
