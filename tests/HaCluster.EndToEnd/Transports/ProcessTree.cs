using System.Globalization;

namespace HaCluster.EndToEnd.Transports;

/// <summary>
/// Watches a process's descendants through /proc while it runs and collects their program names (comm), so a test
/// can say which programs a hactl run started. Sampled every 20 ms: a long-lived child such as an ssh master is
/// always seen; a short-lived one may slip between samples, so tests pair this with a tripwire on PATH.
/// </summary>
internal sealed class ProcessTree : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    private readonly int root;
    private readonly HashSet<string> seen = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;

    private ProcessTree(int root)
    {
        this.root = root;
        watching = Task.Run(WatchAsync);
    }

    public static ProcessTree Watch(int pid) => new(pid);

    /// <summary>The names of every descendant seen so far.</summary>
    public async Task<IReadOnlySet<string>> StopAsync()
    {
        await stop.CancelAsync();
        await watching;
        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task WatchAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(Every, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        var parents = new Dictionary<int, (int Parent, string Name)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                parents[pid] = stat;
            }
        }
        foreach (var (pid, (_, name)) in parents)
        {
            if (pid != root && DescendsFromRoot(pid, parents))
            {
                seen.Add(name);
            }
        }
    }

    private bool DescendsFromRoot(int pid, Dictionary<int, (int Parent, string Name)> parents)
    {
        for (var at = pid; parents.TryGetValue(at, out var entry) && at > 1; at = entry.Parent)
        {
            if (entry.Parent == root)
            {
                return true;
            }
        }
        return false;
    }

    // /proc/PID/stat is "PID (COMM) STATE PPID ...": comm may hold spaces and parentheses, so split at the last ')'.
    private static (int Parent, string Name)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), text[(open + 1)..close]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null; // The process ended between the listing and the read.
        }
    }
}
