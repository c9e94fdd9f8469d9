using HaCluster.K0s;

namespace HaCluster.State;

/// <summary>One host's k0s upgrade: the version it runs now and the one it will run.</summary>
/// <param name="From">What runs now (or, when k0s is stopped, what the binary is).</param>
/// <param name="To">The target: spec.k0s.version, or the version of the binary uploaded from this machine.</param>
/// <param name="Finish">An earlier upgrade swapped the binary but did not start it again: start it first.</param>
public sealed record HostUpgrade(GatheredHost Host, K0sVersion From, K0sVersion To, bool Finish = false)
{
    public string Name => Host.Name;

    /// <summary>The plan's words for the step, e.g. "upgrade k0s v1.33.4+k0s.0 → v1.34.1+k0s.0".</summary>
    public string Describe() =>
        Finish ? $"start k0s {To} again (stopped while on the target version)"
        : From == To ? $"replace the k0s binary {To} with the uploaded build of the same version"
        : $"upgrade k0s {From} → {To}";
}

/// <summary>
/// Which running hosts change k0s version in this run, in the order apply takes them: controllers one at a time
/// (the etcd leader last), then workers in batches of at most spec.options.concurrency.workerDisruptionPercent.
/// </summary>
public sealed record UpgradePlan(IReadOnlyList<HostUpgrade> Controllers, IReadOnlyList<IReadOnlyList<HostUpgrade>> WorkerBatches)
{
    public static readonly UpgradePlan None = new([], []);

    public IEnumerable<HostUpgrade> All => Controllers.Concat(WorkerBatches.SelectMany(b => b));

    public bool IsEmpty => !All.Any();

    public HostUpgrade? Of(GatheredHost host) => All.FirstOrDefault(u => u.Host == host);

    /// <summary>
    /// The hosts a batch may take down at once: the percentage of all workers, rounded down, at least one, at most
    /// the concurrency limits. (k0sctl divides the percentage as a whole number first, which makes every batch 1.)
    /// </summary>
    public static int WorkerBatchSize(int workers, int disruptionPercent, int limit) =>
        Math.Clamp((int)((long)workers * disruptionPercent / 100), 1, Math.Max(1, limit));
}

/// <summary>How many hosts this run upgraded, for the summary; counted as each host's turn completes.</summary>
public sealed class UpgradeTally
{
    private int upgraded;

    public int Upgraded => upgraded;

    public void Add() => Interlocked.Increment(ref upgraded);
}
