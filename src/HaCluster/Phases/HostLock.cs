using System.Collections.Concurrent;
using System.Diagnostics;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>
/// This run's lock on the hosts: a directory (mkdir is atomic) under /run/lock, so a reboot clears it; it names its
/// holder, and only the run that took it removes it. Knows which hosts it holds.
/// </summary>
public sealed class HostLock
{
    public const int HeldExitCode = 75;
    internal const string Path = "/run/lock/hactl";

    /// <summary>
    /// A shell function: take_lock LOCK RUN HOLDER CHECK_ONLY returns 0 once taken (or, checking only, when free), or
    /// prints the holder and returns <see cref="HeldExitCode"/>. A function so the host survey can take the lock in the
    /// same round trip as the facts. A lock this run already holds counts as taken: a connect retried after its first
    /// attempt's command ran may take it twice.
    /// </summary>
    internal const string TakeFunction = """
        take_lock() {
          lock=$1; run=$2; holder=$3; check_only=$4
          if [ "$check_only" = yes ]; then
            if [ -d "$lock" ]; then sed -n 2p "$lock/holder" 2>/dev/null; return 75; fi
            return 0
          fi
          [ -d "${lock%/*}" ] || mkdir -p -- "${lock%/*}"
          if mkdir "$lock" 2>/dev/null; then printf '%s\n%s\n' "$run" "$holder" > "$lock/holder"; return 0; fi
          [ "$(sed -n 1p "$lock/holder" 2>/dev/null)" = "$run" ] && return 0
          sed -n 2p "$lock/holder" 2>/dev/null; return 75
        }
        """;

    private const string AcquireScript = TakeFunction + "\n" + """take_lock "$@"; exit $?""";

    private const string ReleaseScript = """
        lock=$1; run=$2
        if [ "$(sed -n 1p "$lock/holder" 2>/dev/null)" = "$run" ]; then rm -rf -- "$lock"; fi
        """;

    private readonly ConcurrentDictionary<HostSession, bool> held = new();

    public HostLock(string operation)
    {
        Holder = $"{operation} by {Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}";
    }

    public string RunId { get; } = Guid.NewGuid().ToString("N");

    public string Holder { get; }

    public RemoteCommand AcquireCommand(bool checkOnly) => RemoteCommand.Script("acquire lock", AcquireScript, TakeArguments(checkOnly));

    /// <summary>The arguments of <see cref="TakeFunction"/>.</summary>
    internal string[] TakeArguments(bool checkOnly) => [Path, RunId, Holder, checkOnly ? "yes" : "no"];

    public RemoteCommand ReleaseCommand() => RemoteCommand.Script("release lock", ReleaseScript, Path, RunId);

    internal static RemoteCommand BreakCommand() => RemoteCommand.Exec("rm", "-rf", "--", Path);

    /// <summary>The run holds the lock on the host (only a real run takes one).</summary>
    internal void Took(HostSession host) => held[host] = true;

    /// <summary>Releases the lock on every host this run locked and still reaches; each host is asked once a run.</summary>
    internal Task ReleaseAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(held.Keys.Where(h => h.IsConnected), async (host, token) =>
        {
            try
            {
                await context.BookkeepAsync(host, (writer, t) => writer.RunAsync(ReleaseCommand(), t), _ => Task.FromResult(""), token);
            }
            catch (RemoteException error)
            {
                // A host that went away must not cut short the release on the others (a failure ends the loop), nor be
                // waited on again by the closing phase after a failed phase's clean-up: the next run breaks the lock it
                // left, as a stale one. A host the loop never asked (it was cancelled first) stays for the closing phase.
                context.Warn($"lock not released: {error.Message}", host);
            }
            held.TryRemove(host, out _);
        }, cancellationToken);

    /// <summary>A lock taken from this machine by a process that no longer exists was left by a killed run.</summary>
    public static bool IsStale(string holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var words = holder.Split(' ');
        var at = Array.IndexOf(words, "pid");
        if (at < 1 || at + 1 >= words.Length || !int.TryParse(words[at + 1], out var pid) || !words[at - 1].EndsWith($"@{Environment.MachineName}", StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
