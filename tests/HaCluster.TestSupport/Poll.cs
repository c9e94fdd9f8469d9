namespace HaCluster.TestSupport;

/// <summary>
/// The one way tests wait for something that legitimately takes time (a VIP moving, an API coming up, a member
/// joining): a bounded wait, never a speed assertion, and never a retry that hides a race. An observation that
/// throws ends the wait at once; on timeout the failure says what was awaited and what was seen last.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Observes until <paramref name="holds"/> accepts an observation, and returns it; throws <see cref="TimeoutException"/> after <paramref name="within"/>.</summary>
    public static async Task<T> UntilAsync<T>(string what, TimeSpan within, Func<Task<T>> observe, Func<T, bool> holds, TimeSpan? every = null)
    {
        var watched = await WatchAsync(within, observe, holds, every).ConfigureAwait(false);
        return watched.Held
            ? watched.Last
            : throw new TimeoutException($"timed out after {within.TotalSeconds:0} s waiting for: {what}; last seen: {Describe(watched.Last)}");
    }

    /// <summary>Polls until the condition holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="within"/>.</summary>
    public static async Task UntilAsync(string what, TimeSpan within, Func<Task<bool>> condition, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (!(await WatchAsync(within, condition, held => held, every).ConfigureAwait(false)).Held)
        {
            throw new TimeoutException($"timed out after {within.TotalSeconds:0} s waiting for: {what}");
        }
    }

    /// <summary>Observes until <paramref name="holds"/> accepts an observation or time is up; returns the last one either way, for callers that assert on it.</summary>
    public static async Task<Watched<T>> WatchAsync<T>(TimeSpan within, Func<Task<T>> observe, Func<T, bool> holds, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(observe);
        ArgumentNullException.ThrowIfNull(holds);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var seen = await observe().ConfigureAwait(false);
            if (holds(seen))
            {
                return new Watched<T>(seen, Held: true);
            }
            if (DateTime.UtcNow > deadline)
            {
                return new Watched<T>(seen, Held: false);
            }
            await Task.Delay(every ?? DefaultInterval).ConfigureAwait(false);
        }
    }

    private static string Describe(object? seen) => seen switch
    {
        null => "nothing",
        string text => $"\"{text.Trim()}\"",
        System.Collections.IEnumerable items => $"[{string.Join(", ", items.Cast<object?>())}]",
        _ => seen.ToString() ?? "",
    };
}

/// <summary>The last observation of a <see cref="Poll"/> and whether it held.</summary>
public sealed record Watched<T>(T Last, bool Held);
