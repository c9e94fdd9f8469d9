using HaCluster.Hosts;
using HaCluster.Model;
using HaCluster.Pipeline;

namespace HaCluster.State;

/// <summary>
/// A reached host once its facts are known: only <c>GatherFactsPhase</c> makes one, so a phase that takes it cannot
/// run before the facts were gathered.
/// </summary>
/// <param name="Session">The host's session: reads, and what <see cref="RunContext.ChangeAsync"/> acts on.</param>
/// <param name="Host">The host's model refined by its facts (e.g. the discovered private interface).</param>
/// <param name="Facts">What the host said in the facts round trip.</param>
public sealed record GatheredHost(HostSession Session, HostModel Host, HostFacts Facts)
{
    public string Name => Host.Name;

    /// <summary>What this run changed on the host so far, for the phases that restart what depends on it.</summary>
    public HostChanges Changed { get; } = new();
}

/// <summary>What a run changed on one host; set by the phase that made the change (or, under --dry-run, planned it).</summary>
public sealed class HostChanges
{
    private volatile bool binary;
    private volatile bool k0sConfig;
    private volatile bool restarted;

    /// <summary>The k0s binary was replaced, so a running k0s restarts onto it.</summary>
    public bool Binary => binary;

    /// <summary>k0s.yaml was written, so a running controller restarts to read it.</summary>
    public bool K0sConfig => k0sConfig;

    /// <summary>k0s was restarted onto everything written so far (by its upgrade), so no later phase restarts it again.</summary>
    public bool Restarted => restarted;

    public void BinaryReplaced() => binary = true;

    public void RestartedOntoChanges() => restarted = true;

    public void K0sConfigWritten() => k0sConfig = true;
}
