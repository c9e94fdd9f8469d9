using System.Diagnostics;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>
/// Takes an exclusive lock on every host so two runs never interleave. The lock is a directory (mkdir is atomic)
/// under /run/lock, so a reboot clears it; it names its holder, and only the run that took it removes it.
/// A dry run only checks that no one holds it: it writes nothing.
/// </summary>
public sealed class AcquireLockPhase(HostLock hostLock) : Phase
{
    public override string Title => "Acquire lock";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(context.Connected, async (host, token) =>
        {
            var result = await host.ProbeAsync(hostLock.AcquireCommand(context.Options.DryRun), token);
            if (result.ExitCode == HostLock.HeldExitCode)
            {
                var holder = result.Stdout.Trim();
                if (!HostLock.IsStale(holder))
                {
                    throw new HostException(host.Name, $"locked by another hactl run: {holder} (it is released when that run ends)");
                }
                context.Warn($"breaking a stale lock left by {holder}", host);
                await host.QueryAsync(HostLock.BreakCommand(), token);
                result = await host.ProbeAsync(hostLock.AcquireCommand(context.Options.DryRun), token);
            }
            if (!result.Succeeded)
            {
                throw RemoteException.FromResult(host.Name, hostLock.AcquireCommand(context.Options.DryRun), result);
            }
            host.Facts.Set(hostLock);
        }, cancellationToken);

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) =>
        ReleaseLockPhase.ReleaseAsync(context, hostLock, cancellationToken);
}

/// <summary>Releases the lock on every host that this run locked; runs on every exit path, Ctrl-C included.</summary>
public sealed class ReleaseLockPhase(HostLock hostLock) : Phase
{
    public override string Title => "Release lock";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        ReleaseAsync(context, hostLock, cancellationToken);

    internal static Task ReleaseAsync(RunContext context, HostLock hostLock, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(
            context.Sessions.Where(h => h.IsConnected && h.Facts.TryGet<HostLock>() is not null && !context.Options.DryRun),
            async (host, token) => await host.QueryAsync(hostLock.ReleaseCommand(), token),
            cancellationToken);
}

/// <summary>This run's identity on the hosts' lock: who holds it, from which machine and process.</summary>
public sealed class HostLock
{
    public const int HeldExitCode = 75;
    private const string Path = "/run/lock/hactl";

    private const string AcquireScript = """
        lock=$1; run=$2; holder=$3; check_only=$4
        mkdir -p /run/lock
        if [ "$check_only" = yes ]; then
          if [ -d "$lock" ]; then sed -n 2p "$lock/holder" 2>/dev/null; exit 75; fi
          exit 0
        fi
        if mkdir "$lock" 2>/dev/null; then printf '%s\n%s\n' "$run" "$holder" > "$lock/holder"; exit 0; fi
        sed -n 2p "$lock/holder" 2>/dev/null; exit 75
        """;

    private const string ReleaseScript = """
        lock=$1; run=$2
        if [ "$(sed -n 1p "$lock/holder" 2>/dev/null)" = "$run" ]; then rm -rf -- "$lock"; fi
        """;

    public HostLock(string operation)
    {
        Holder = $"{operation} by {Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}";
    }

    public string RunId { get; } = Guid.NewGuid().ToString("N");

    public string Holder { get; }

    public RemoteCommand AcquireCommand(bool checkOnly) =>
        RemoteCommand.Script("acquire lock", AcquireScript, Path, RunId, Holder, checkOnly ? "yes" : "no");

    public RemoteCommand ReleaseCommand() => RemoteCommand.Script("release lock", ReleaseScript, Path, RunId);

    internal static RemoteCommand BreakCommand() => RemoteCommand.Exec("rm", "-rf", "--", Path);

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
