using System.Collections.Concurrent;

namespace HaCluster.Pipeline;

/// <summary>A change made, or under --dry-run one that would be made, on one host in one phase.</summary>
public sealed record PlannedChange(int Sequence, string Phase, string Host, string Action);

/// <summary>Every change of a run, in the order they were decided; printed per host and phase.</summary>
public sealed class Plan
{
    private readonly ConcurrentQueue<PlannedChange> changes = new();
    private int sequence;

    public PlannedChange Record(string phase, string host, string action)
    {
        var change = new PlannedChange(Interlocked.Increment(ref sequence), phase, host, action);
        changes.Enqueue(change);
        return change;
    }

    public int Count => changes.Count;

    /// <summary>Changes grouped by host, hosts and changes in a stable order (not the order threads finished in).</summary>
    public IReadOnlyList<IGrouping<string, PlannedChange>> ByHost(IReadOnlyList<string> hostOrder) =>
        changes.OrderBy(c => c.Sequence)
            .GroupBy(c => c.Host)
            .OrderBy(g => hostOrder.IndexOf(g.Key) is var i && i < 0 ? int.MaxValue : i)
            .ToList();
}

internal static class ListExtensions
{
    public static int IndexOf<T>(this IReadOnlyList<T> list, T item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(list[i], item))
            {
                return i;
            }
        }
        return -1;
    }
}
